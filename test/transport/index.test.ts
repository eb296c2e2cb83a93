import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostSpec } from '../../src/core/host.js';
import { LocalTransport, SshTransport, TransportPool, createTransport } from '../../src/transport/index.js';
import { startSshd, sshdAvailable, type TestSshd } from '../helpers/sshd.js';
import { targetFor } from './ssh/fixtures.js';

describe('createTransport', () => {
  it('builds a local transport for a local host', () => {
    const t = createTransport({ name: 'here', roles: ['relay'], transport: { kind: 'local' } });
    expect(t).toBeInstanceOf(LocalTransport);
    expect(t.host).toBe('here');
  });
});

describe.skipIf(!sshdAvailable())('TransportPool', () => {
  let sshd: TestSshd;
  beforeAll(async () => {
    sshd = await startSshd();
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  it('keeps one transport and one connection per host and closes them all', async () => {
    const pool = new TransportPool({ agentSocket: null });
    const spec: HostSpec = { name: 'servera', roles: ['groupware'], transport: { kind: 'ssh', ssh: targetFor(sshd) } };
    const a = pool.get(spec);
    expect(a).toBeInstanceOf(SshTransport);
    expect(pool.get(spec)).toBe(a);
    await Promise.all([a.exec(['true']), pool.get(spec).exec(['true']), a.readFile('/etc/hostname')]);
    expect(pool.stats()).toMatchObject({ servera: { kind: 'ssh', connections: 1, connected: true } });
    await pool.closeAll();
    expect(a.info().connected).toBe(false);
    expect(pool.stats()).toEqual({});
  });
});
