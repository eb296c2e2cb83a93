import { execFileSync } from 'node:child_process';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SshTarget } from '../../src/core/host.js';
import { TransportError } from '../../src/core/errors.js';
import { SshTransport } from '../../src/transport/ssh.js';
import { freePort } from '../helpers/sshd.js';

function target(overrides: Partial<SshTarget>): SshTarget {
  return {
    hostname: '127.0.0.1',
    port: 22,
    user: 'nobody',
    identityFiles: [],
    knownHostsFiles: [],
    connectTimeoutMs: 700,
    keepaliveIntervalMs: 5000,
    maxChannels: 8,
    ...overrides,
  };
}

async function failure(t: SshTarget): Promise<{ err: TransportError; ms: number }> {
  const transport = new SshTransport('lab-host', t, { agentSocket: null, failureCacheMs: 0 });
  const started = Date.now();
  try {
    await transport.ensureConnected();
    throw new Error('connected unexpectedly');
  } catch (err) {
    expect(err).toBeInstanceOf(TransportError);
    return { err: err as TransportError, ms: Date.now() - started };
  } finally {
    await transport.close();
  }
}

// A spare loopback address whose packets an nft rule drops, where nft works (root, nf_tables).
const DROP_ADDRESS = '127.77.0.1';
const TABLE = `oxdoctor_test_${process.pid}`;
function nft(...args: string[]): boolean {
  try {
    execFileSync('nft', args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const canDrop = nft('list', 'tables');

describe('SSH connect failures are classified and bounded by connectTimeoutMs', () => {
  it('gives connect-timeout when the port accepts but never sends a banner', async () => {
    const silent = net.createServer(() => {});
    const sockets: net.Socket[] = [];
    silent.on('connection', (s) => sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const port = (silent.address() as net.AddressInfo).port;
      const { err, ms } = await failure(target({ port }));
      expect(err.kind).toBe('connect-timeout');
      expect(err.message).toMatch(/no SSH handshake within 700 ms/);
      expect(ms).toBeGreaterThanOrEqual(650);
      expect(ms).toBeLessThan(700 + 300);
    } finally {
      for (const s of sockets) s.destroy();
      silent.close();
    }
  });

  it('gives connect-refused for a closed port, at once', async () => {
    const { err, ms } = await failure(target({ port: await freePort() }));
    expect(err.kind).toBe('connect-refused');
    expect(err.message).toMatch(/connection refused/);
    expect(ms).toBeLessThan(300);
  });

  it('gives dns for a name that does not resolve', async () => {
    const { err } = await failure(target({ hostname: 'no-such-host.invalid', connectTimeoutMs: 3000 }));
    expect(err.kind).toBe('dns');
    expect(err.message).toContain('no-such-host.invalid');
  });

  describe.skipIf(!canDrop)('an address that drops packets', () => {
    let port: number;
    beforeAll(async () => {
      port = await freePort();
      const ok =
        nft('add', 'table', 'ip', TABLE) &&
        nft('add', 'chain', 'ip', TABLE, 'input', '{ type filter hook input priority 0; }') &&
        nft('add', 'rule', 'ip', TABLE, 'input', 'ip', 'daddr', DROP_ADDRESS, 'tcp', 'dport', String(port), 'drop');
      expect(ok).toBe(true);
    });
    afterAll(() => {
      nft('delete', 'table', 'ip', TABLE);
    });

    it('gives connect-timeout on time', async () => {
      const { err, ms } = await failure(target({ hostname: DROP_ADDRESS, port }));
      expect(err.kind).toBe('connect-timeout');
      expect(err.message).toContain(`${DROP_ADDRESS}:${port}`);
      expect(ms).toBeGreaterThanOrEqual(650);
      expect(ms).toBeLessThan(700 + 300);
    });
  });
});
