// host/ssh: the host is reachable, we are authenticated, and its host key is the known one.
import { existsSync } from 'node:fs';
import type { Check } from '../../src/core/check.js';
import { TransportError } from '../../src/core/errors.js';
import type { HostSpec } from '../../src/core/host.js';
import { crit, ok } from '../../src/core/result.js';
import { sshDebugCommand } from '../../src/transport/ssh/command.js';

export const sshCheck: Check = {
  id: 'host/ssh',
  title: 'SSH connection',
  roles: 'all',
  proves: 'the host is reachable, oxdoctor is authenticated, and the host key matches known_hosts',
  catches: [
    'sshd stopped or on another port: connection refused',
    'port accepts but sshd never sends its banner: handshake timeout',
    'host name does not resolve',
    'host key not in known_hosts (new or reinstalled host)',
    'host key changed since known_hosts recorded it',
    'key not accepted by sshd: authentication refused',
  ],
  misses: [
    'sshd dropping sessions under load, MaxStartups or MaxSessions (seen only as closed; ssh -v, sshd log)',
    'sudo or file rights the other checks need (their commands fail there, named by those checks)',
    'a host up but overloaded or out of memory (not measured; uptime, free on the host)',
    'sshd hardening and its configuration (not audited; sshd -T on the host)',
  ],
  timeoutMs: 15_000,
  async run(ctx) {
    try {
      await ctx.transport.ensureConnected(ctx.signal);
    } catch (err) {
      if (!(err instanceof TransportError)) throw err;
      ctx.record(`connect to ${ctx.host.name}`, `${err.kind}: ${err.message}`);
      return crit(
        `cannot use ${ctx.host.name}: ${err.message} (${err.kind}; expected an authenticated SSH session with a known host key)`,
        {
          hint: err.hint ?? hintFor(err.kind, ctx.host),
          timedOut: err.kind === 'connect-timeout',
        },
      );
    }
    const info = ctx.transport.info();
    if (info.kind === 'local') return ok(`${ctx.host.name} is this machine: no SSH needed`);
    const details = [
      info.remoteVersion && `server ${info.remoteVersion}`,
      info.hostKeyFingerprint && `host key ${info.hostKeyFingerprint}`,
    ]
      .filter(Boolean)
      .join(', ');
    ctx.record('ssh session', details || 'connected');
    // Without the helper every command costs the host a new session; it works, only slower.
    if (info.helper) ctx.record('remote helper', info.helper);
    return ok(`connected to ${ctx.host.name} with a known host key${details ? ` (${details})` : ''}`);
  },
};

// For errors that bring no hint of their own (a connect the runner timed out, a DNS failure inside ssh2, a
// dropped connection); host key and authentication errors always bring one. The oxdoctor host name and
// port 22 are often neither the address nor the port used, so the hint names those.
function hintFor(kind: TransportError['kind'], host: HostSpec): string {
  if (host.transport.kind !== 'ssh') return `check how oxdoctor reaches ${host.name} in its config`;
  const target = host.transport.ssh;
  const at = `${target.hostname}:${target.port}`;
  switch (kind) {
    case 'connect-refused':
      return `nothing accepts connections on ${at}: check that sshd runs there and listens on port ${target.port}`;
    case 'connect-timeout':
      return `${at} does not answer: check that the host is up and that no firewall drops port ${target.port}`;
    case 'dns':
      return (
        `${target.hostname} does not resolve: check the address of ${host.name} in the oxdoctor config, ` +
        'HostName in ~/.ssh/config, and DNS'
      );
    default:
      return `to see where it fails: ${sshDebugCommand(
        target,
        target.identityFiles.filter((f) => existsSync(f)),
      )}`;
  }
}
