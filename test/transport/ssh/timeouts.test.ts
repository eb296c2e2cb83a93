import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canDrop, dropPackets, DROP_ADDRESS } from '../../helpers/drop.js';
import type { SshTarget } from '../../../src/core/host.js';
import { TransportError } from '../../../src/core/errors.js';
import { SshTransport } from '../../../src/transport/ssh/transport.js';
import { freePort, startSshd, sshdAvailable, type TestSshd } from '../../helpers/sshd.js';
import { sshTransport } from './fixtures.js';

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
      expect(ms).toBeLessThan(700 + 400);
    } finally {
      for (const s of sockets) s.destroy();
      silent.close();
    }
  });

  it('makes parallel commands to a dead host share one connect attempt and its timeout', async () => {
    const silent = net.createServer(() => {});
    const sockets: net.Socket[] = [];
    silent.on('connection', (s) => sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const transport = new SshTransport(
      'lab-host',
      target({ port: (silent.address() as net.AddressInfo).port, maxChannels: 2 }),
      {
        agentSocket: null,
        failureCacheMs: 0,
      },
    );
    try {
      const started = Date.now();
      const runs = await Promise.allSettled(Array.from({ length: 10 }, () => transport.exec(['true'])));
      expect(
        runs.every((r) => r.status === 'rejected' && (r.reason as TransportError).kind === 'connect-timeout'),
      ).toBe(true);
      expect(Date.now() - started).toBeLessThan(700 + 300);
      expect(sockets).toHaveLength(1);
    } finally {
      await transport.close();
      for (const s of sockets) s.destroy();
      silent.close();
    }
  });

  it('gives connect-refused for a closed port, at once, with a hint naming the address and port', async () => {
    const port = await freePort();
    const { err, ms } = await failure(target({ port, knownHostsFiles: ['/kh'] }));
    expect(err.kind).toBe('connect-refused');
    expect(err.message).toMatch(/connection refused/);
    expect(err.hint).toBe(
      `nothing accepts connections on 127.0.0.1:${port}: check that sshd runs there and listens on that port; ` +
        `to see what ssh does: ssh -v -p ${port} -o UserKnownHostsFile=/kh nobody@127.0.0.1`,
    );
    expect(ms).toBeLessThan(300);
  });

  it('gives dns for a name that does not resolve, with a hint naming it', async () => {
    const { err } = await failure(target({ hostname: 'no-such-host.invalid', connectTimeoutMs: 3000 }));
    expect(err.kind).toBe('dns');
    expect(err.message).toContain('no-such-host.invalid');
    expect(err.hint).toBe(
      'no-such-host.invalid does not resolve: check the address for this host in the oxdoctor config ' +
        '(address) or ~/.ssh/config (HostName), and DNS',
    );
  });

  describe.skipIf(!canDrop || !sshdAvailable())('an address that drops packets', () => {
    let port: number;
    let sshd: TestSshd;
    let undoDrop: () => void;
    beforeAll(async () => {
      port = await freePort();
      sshd = await startSshd();
      undoDrop = dropPackets(DROP_ADDRESS, port);
    });
    afterAll(async () => {
      undoDrop?.();
      await sshd?.stop();
    });

    it('fails a running command when keepalive finds the peer gone, then reconnects', async () => {
      const t = sshTransport(sshd, { keepaliveIntervalMs: 200 });
      try {
        expect((await t.exec(['true'])).code).toBe(0);
        const running = t.exec(['sleep', '5']);
        await new Promise((r) => setTimeout(r, 100));
        const undo = dropPackets('127.0.0.1', sshd.port);
        const started = Date.now();
        try {
          await expect(running).rejects.toMatchObject({ kind: 'closed' });
          expect(Date.now() - started).toBeLessThan(2000);
          expect(t.info().connected).toBe(false);
        } finally {
          undo();
        }
        expect((await t.exec(['echo', 'back'])).stdout).toBe('back\n');
        expect(t.info().connections).toBe(2);
      } finally {
        await t.close();
      }
    });

    it('gives connect-timeout on time, with a hint naming the address and port', async () => {
      const { err, ms } = await failure(target({ hostname: DROP_ADDRESS, port }));
      expect(err.kind).toBe('connect-timeout');
      expect(err.message).toContain(`${DROP_ADDRESS}:${port}`);
      expect(err.hint).toBe(
        `${DROP_ADDRESS}:${port} does not answer: check that the host is up and that no firewall drops port ${port}; ` +
          `to see what ssh does: ssh -v -p ${port} -o UserKnownHostsFile=none nobody@${DROP_ADDRESS}`,
      );
      expect(ms).toBeGreaterThanOrEqual(650);
      expect(ms).toBeLessThan(700 + 400);
    });
  });
});
