import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clamdCheck } from '../../../checks/service/clamd.js';
import { CLAMD_LISTEN_FACT, type ClamdListen } from '../../../src/facts/clamd-conf.js';
import { seed } from '../../facts/seed.js';
import { startClamd } from '../../helpers/daemons/clamd.js';
import type { Daemon } from '../../helpers/daemons/process.js';
import { makeContext } from '../../helpers/context.js';
import { closedPort, scriptedServer } from '../../helpers/tcp.js';

let clamd: Daemon & { socketPath: string };
beforeAll(async () => {
  clamd = await startClamd();
});
afterAll(() => clamd.stop());

const conf = (listen: Omit<ClamdListen, 'path'>) =>
  seed(CLAMD_LISTEN_FACT, { path: '/etc/clamd.d/amavisd.conf', ...listen });

// clamd's VERSION answer with a daily database dated `hoursAgo` hours back, in clamd's own format.
async function clamdWithSignatures(hoursAgo: number) {
  const date = new Date(Date.now() - hoursAgo * 3_600_000);
  const ctime = date
    .toUTCString()
    .replace(
      /^(\w+), (\d+) (\w+) (\d+) ([\d:]+) GMT$/,
      (_m, d, day, mon, y, t) => `${d} ${mon} ${String(Number(day)).padStart(2, ' ')} ${t} ${y}`,
    );
  return scriptedServer((s) =>
    s.on('data', (d) => {
      const cmd = d.toString();
      if (cmd === 'zPING\0') s.end('PONG\0');
      if (cmd === 'zVERSION\0') s.end(`ClamAV 1.4.6/27469/${ctime}\0`);
    }),
  );
}

describe('service/clamd', () => {
  it('gets PONG from the real clamd over TCP and warns that only local signatures are loaded', async () => {
    const outcome = await clamdCheck.run(
      makeContext({ facts: conf({ tcp: { host: '127.0.0.1', port: clamd.port } }) }),
    );
    expect(outcome.status).toBe('warn');
    expect(outcome.summary).toMatch(/answers PONG \(ClamAV 1\.\d+\.\d+\) but reports no signature database date/);
  });

  it('is OK on local signatures only when the site says so (clamd.officialDatabases warn "0:")', async () => {
    const ctx = makeContext({
      facts: conf({ tcp: { host: '127.0.0.1', port: clamd.port } }),
      site: { thresholds: { 'clamd.officialDatabases': { warn: '0:' } } },
    });
    const outcome = await clamdCheck.run(ctx);
    expect(outcome.status).toBe('ok');
    expect(outcome.summary).toContain('local signatures only, as configured');
    expect(outcome.metrics).toContainEqual(expect.objectContaining({ label: 'official_databases', value: 0 }));
  });

  it('reaches the LocalSocket through perl on the host', async () => {
    const ctx = makeContext({ facts: conf({ socket: clamd.socketPath }) });
    const outcome = await clamdCheck.run(ctx);
    expect(outcome.summary).toContain(`clamd at ${clamd.socketPath} answers PONG`);
    expect(ctx.evidence.some((e) => e.text.includes('S: PONG'))).toBe(true);
  });

  it('is OK with a signature age metric when the daily signatures are fresh', async () => {
    const server = await clamdWithSignatures(5);
    try {
      const outcome = await clamdCheck.run(
        makeContext({ facts: conf({ tcp: { host: '127.0.0.1', port: server.port } }) }),
      );
      expect(outcome.status).toBe('ok');
      const age = outcome.metrics?.find((m) => m.label === 'signature_age');
      expect(age?.value).toBeGreaterThan(4.9);
      expect(age?.value).toBeLessThan(5.1);
      expect(age?.crit).toBe('168');
    } finally {
      await server.close();
    }
  });

  it('is CRIT when the signatures are older than a week', async () => {
    const server = await clamdWithSignatures(200);
    try {
      const outcome = await clamdCheck.run(
        makeContext({ facts: conf({ tcp: { host: '127.0.0.1', port: server.port } }) }),
      );
      expect(outcome.status).toBe('crit');
      expect(outcome.hint).toMatch(/freshclam/);
    } finally {
      await server.close();
    }
  });

  it('is CRIT when clamd does not listen', async () => {
    const outcome = await clamdCheck.run(
      makeContext({ facts: conf({ tcp: { host: '127.0.0.1', port: await closedPort() } }) }),
    );
    expect(outcome.status).toBe('crit');
    expect(outcome.summary).toMatch(/refused the connection/);
  });
});
