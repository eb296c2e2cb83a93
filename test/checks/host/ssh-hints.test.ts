// host/ssh's own hints, for transport errors that come without one: they name the address and port oxdoctor
// connects to (from ~/.ssh/config or the oxdoctor config), not the oxdoctor host name and port 22.
import { describe, expect, it } from 'vitest';
import { sshCheck } from '../../../checks/host/ssh.js';
import { TransportError, type TransportFailure } from '../../../src/core/errors.js';
import type { SshTarget } from '../../../src/core/host.js';
import { LocalTransport } from '../../../src/transport/local.js';
import { makeContext } from '../../helpers/context.js';

const target: SshTarget = {
  hostname: '10.1.2.3',
  port: 2222,
  user: 'on call',
  identityFiles: [],
  knownHostsFiles: ['/etc/oxdoctor/known hosts'],
  hostKeyAlias: 'relay key',
  connectTimeoutMs: 5000,
  keepaliveIntervalMs: 15_000,
  maxChannels: 8,
};

// A transport that fails to connect with the given error.
class FailingTransport extends LocalTransport {
  constructor(private readonly error: TransportError) {
    super('relay');
  }

  override async ensureConnected(): Promise<void> {
    throw this.error;
  }
}

async function outcomeFor(kind: TransportFailure, hint?: string) {
  const error = new TransportError('relay', kind, `relay: ${kind}`, hint);
  const host = { name: 'relay', transport: { kind: 'ssh' as const, ssh: target } };
  return sshCheck.run(makeContext({ transport: new FailingTransport(error), host }));
}

describe('host/ssh hints for errors without their own', () => {
  it('name the address and port of a connection that times out, and mark the check timed out', async () => {
    const outcome = await outcomeFor('connect-timeout');
    expect(outcome).toMatchObject({ status: 'crit', timedOut: true });
    expect(outcome.hint).toBe(
      '10.1.2.3:2222 does not answer: check that the host is up and that no firewall drops port 2222',
    );
  });

  it('name the address and port that refuse the connection', async () => {
    const outcome = await outcomeFor('connect-refused');
    expect(outcome.hint).toBe(
      'nothing accepts connections on 10.1.2.3:2222: check that sshd runs there and listens on port 2222',
    );
  });

  it('name the address that does not resolve', async () => {
    const outcome = await outcomeFor('dns');
    expect(outcome.hint).toBe(
      '10.1.2.3 does not resolve: check the address of relay in the oxdoctor config, HostName in ~/.ssh/config, ' +
        'and DNS',
    );
  });

  it('give an ssh -v command with the real address, port and settings, quoted for the shell', async () => {
    const outcome = await outcomeFor('closed');
    expect(outcome.hint).toBe(
      'to see where it fails: ssh -v -p 2222 -o \'UserKnownHostsFile="/etc/oxdoctor/known hosts"\' ' +
        "-o 'HostKeyAlias=relay key' 'on call@10.1.2.3'",
    );
  });

  it('leave the hint an error brings as it is', async () => {
    expect((await outcomeFor('host-key-unknown', 'verify the fingerprint')).hint).toBe('verify the fingerprint');
  });
});
