// host/ssh: the host is reachable, we are authenticated, and its host key is the known one.
import type { Check } from '../../src/core/check.js';
import { TransportError } from '../../src/core/errors.js';
import { crit, ok } from '../../src/core/result.js';

export const sshCheck: Check = {
  id: 'host/ssh',
  title: 'SSH connection',
  roles: 'all',
  proves: 'the host is reachable, oxdoctor is authenticated, and the host key matches known_hosts',
  timeoutMs: 15_000,
  async run(ctx) {
    try {
      await ctx.transport.ensureConnected(ctx.signal);
    } catch (err) {
      if (!(err instanceof TransportError)) throw err;
      ctx.record(`connect to ${ctx.host.name}`, `${err.kind}: ${err.message}`);
      return crit(`cannot use ${ctx.host.name}: ${err.message} (${err.kind}; expected an authenticated SSH session with a known host key)`, {
        hint: err.hint ?? hintFor(err.kind, ctx.host.name),
        timedOut: err.kind === 'connect-timeout',
      });
    }
    const info = ctx.transport.info();
    if (info.kind === 'local') return ok(`${ctx.host.name} is this machine: no SSH needed`);
    const details = [info.remoteVersion && `server ${info.remoteVersion}`, info.hostKeyFingerprint && `host key ${info.hostKeyFingerprint}`]
      .filter(Boolean)
      .join(', ');
    ctx.record('ssh session', details || 'connected');
    // Without the helper every command costs the host a new session; it works, only slower.
    if (info.helper) ctx.record('remote helper', info.helper);
    return ok(`connected to ${ctx.host.name} with a known host key${details ? ` (${details})` : ''}`);
  },
};

function hintFor(kind: TransportError['kind'], host: string): string {
  switch (kind) {
    case 'host-key-unknown':
      return `verify the fingerprint with the admin of ${host}, then add its key to known_hosts (ssh-keyscan ${host} >> ~/.ssh/known_hosts)`;
    case 'host-key-changed':
      return `the host key of ${host} changed: confirm it was reinstalled before replacing the known_hosts entry (ssh-keygen -R ${host})`;
    case 'auth':
      return `check the user, identity files and agent for ${host} in ~/.ssh/config or the oxdoctor config`;
    case 'connect-refused':
      return `sshd is not listening on ${host}: check it runs and the port`;
    case 'connect-timeout':
      return `${host} does not answer: check it is up and no firewall drops port 22`;
    case 'dns':
      return `${host} does not resolve: check the name in the config or DNS`;
    default:
      return `run ssh -v ${host} to see where it fails`;
  }
}
