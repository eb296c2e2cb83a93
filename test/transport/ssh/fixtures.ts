// Shared setup for the SSH transport tests: a target and a transport for a test sshd.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SshTarget } from '../../../src/core/host.js';
import { SshTransport, type SshTransportOptions } from '../../../src/transport/ssh/transport.js';
import type { TestSshd } from '../../helpers/sshd.js';

export function knownHostsFile(sshd: TestSshd, name: string, lines: readonly string[]): string {
  const file = path.join(sshd.dir, name);
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

export function targetFor(sshd: TestSshd, overrides: Partial<SshTarget> = {}): SshTarget {
  return {
    hostname: sshd.host,
    port: sshd.port,
    user: sshd.user,
    identityFiles: [sshd.clientKeyPath],
    knownHostsFiles: [knownHostsFile(sshd, 'known_hosts', [sshd.knownHostsLine])],
    connectTimeoutMs: 5000,
    keepaliveIntervalMs: 5000,
    maxChannels: 8,
    ...overrides,
  };
}

// No agent from the environment: each test says which credentials it offers.
export function sshTransport(
  sshd: TestSshd,
  overrides: Partial<SshTarget> = {},
  options: SshTransportOptions = {},
): SshTransport {
  return new SshTransport('lab-host', targetFor(sshd, overrides), { agentSocket: null, failureCacheMs: 0, ...options });
}

// How many sessions sshd accepted so far, from its VERBOSE log.
export function acceptedLogins(sshd: TestSshd): number {
  return sshd
    .log()
    .split('\n')
    .filter((l) => l.includes('Accepted publickey')).length;
}

export function processCmdlines(): Array<{ pid: string; cmdline: string; environ: string }> {
  const out: Array<{ pid: string; cmdline: string; environ: string }> = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      out.push({
        pid,
        cmdline: readFileSync(`/proc/${pid}/cmdline`, 'latin1'),
        environ: readFileSync(`/proc/${pid}/environ`, 'latin1'),
      });
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}
