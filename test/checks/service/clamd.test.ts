import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clamdCheck } from '../../../checks/service/clamd/index.js';
import { CLAMD_LISTEN_FACT, parseClamdConf, type ClamdListen } from '../../../src/facts/clamd-conf.js';
import { seed } from '../../facts/seed.js';
import { startClamd } from '../../helpers/daemons/clamd.js';
import { removeDir, tempDir, type Daemon } from '../../helpers/daemons/process.js';
import { makeContext } from '../../helpers/context.js';
import { closedPort, scriptedServer } from '../../helpers/tcp.js';

let clamd: Daemon & { socketPath: string };
let dbRoot: string;
beforeAll(async () => {
  clamd = await startClamd();
  dbRoot = tempDir('clamd-db');
});
afterAll(async () => {
  await clamd.stop();
  removeDir(dbRoot);
});

// A DatabaseDirectory with the given files, each modified `hoursAgo` hours back.
let dirs = 0;
function databaseDir(files: Record<string, number>): string {
  const dir = join(dbRoot, `db${dirs++}`);
  mkdirSync(dir);
  for (const [name, hoursAgo] of Object.entries(files)) {
    writeFileSync(join(dir, name), 'Lab.Test:0:*:4f58444f43544f52\n');
    const t = (Date.now() - hoursAgo * 3_600_000) / 1000;
    utimesSync(join(dir, name), t, t);
  }
  return dir;
}

// The seeded clamd config; its DatabaseDirectory holds one fresh local database unless given.
const conf = (listen: Omit<ClamdListen, 'path'>) =>
  seed(CLAMD_LISTEN_FACT, {
    path: '/etc/clamd.d/amavisd.conf',
    databaseDirectory: databaseDir({ 'local.ndb': 1 }),
    ...listen,
  });

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
    // catches: no official signature database loaded where the site expects one (clamd.officialDatabases)
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
      // catches: daily signatures reported by clamd older than clamd.signatureAgeHours (freshclam not running)
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
    // catches: clamd not running or not listening on its configured socket (connection refused)
    expect(outcome.status).toBe('crit');
    expect(outcome.summary).toMatch(/refused the connection/);
  });

  it('is CRIT when the local signature files are 30 days old, though clamd answers and local-only is allowed', async () => {
    const dir = databaseDir({ 'lab.ndb': 720, 'lab.hdb': 721, 'lab.fp': 0 });
    const ctx = makeContext({
      facts: conf({ tcp: { host: '127.0.0.1', port: clamd.port }, databaseDirectory: dir }),
      site: { thresholds: { 'clamd.officialDatabases': { warn: '0:' } } },
    });
    const outcome = await clamdCheck.run(ctx);
    // catches: signature database files 30 days old while clamd still answers PONG (local-only databases too)
    expect(outcome.status).toBe('crit');
    expect(outcome.summary).toMatch(
      new RegExp(
        `^newest local signature file ${dir}/lab\\.ndb is 720(\\.\\d)? h old \\(30 d; expected under 48 h\\)$`,
      ),
    );
    expect(outcome.hint).toMatch(/refresh them from their source .*clamdscan --reload/);
    expect(outcome.steps?.[0]?.status).toBe('ok');
    expect(outcome.metrics).toContainEqual(expect.objectContaining({ label: 'signature_files_age', crit: '168' }));
  });

  it('judges the official databases when there are any, not a fresher local file beside them', async () => {
    const dir = databaseDir({ 'daily.cld': 72, 'main.cvd': 2000, 'local.ndb': 1 });
    const ctx = makeContext({
      facts: conf({ tcp: { host: '127.0.0.1', port: clamd.port }, databaseDirectory: dir }),
      site: { thresholds: { 'clamd.officialDatabases': { warn: '0:' } } },
    });
    const outcome = await clamdCheck.run(ctx);
    expect(outcome.status).toBe('warn');
    expect(outcome.summary).toMatch(/^newest official signature file .*\/daily\.cld is 72(\.\d)? h old/);
    expect(outcome.hint).toMatch(/run freshclam/);
  });

  it('is OK with both steps in the summary when the files are fresh', async () => {
    const ctx = makeContext({
      facts: conf({ tcp: { host: '127.0.0.1', port: clamd.port } }),
      site: { thresholds: { 'clamd.officialDatabases': { warn: '0:' } } },
    });
    const outcome = await clamdCheck.run(ctx);
    expect(outcome.status).toBe('ok');
    expect(outcome.summary).toMatch(/answers PONG .*; newest local signature file .*local\.ndb is 1(\.\d)? h old/);
  });

  it('is CRIT when the DatabaseDirectory holds no signature files, or does not exist', async () => {
    const empty = databaseDir({ 'freshclam.dat': 1 });
    const none = await clamdCheck.run(
      makeContext({ facts: conf({ tcp: { host: '127.0.0.1', port: clamd.port }, databaseDirectory: empty }) }),
    );
    // catches: a DatabaseDirectory that does not exist or holds no signature files
    expect(none.status).toBe('crit');
    expect(none.summary).toBe(`no signature database files (*.cvd, *.cld, *.ndb ...) in ${empty} on testhost`);
    const missing = await clamdCheck.run(
      makeContext({
        facts: conf({ tcp: { host: '127.0.0.1', port: clamd.port }, databaseDirectory: join(empty, 'nope') }),
      }),
    );
    expect(missing.status).toBe('crit');
    expect(missing.summary).toMatch(/DatabaseDirectory .*\/nope does not exist on testhost/);
    expect(missing.hint).toMatch(/freshclam\.conf/);
  });
});

describe('parseClamdConf', () => {
  it('reads DatabaseDirectory beside the sockets', () => {
    expect(parseClamdConf('LocalSocket /run/clamav/clamd.ctl\nDatabaseDirectory /var/clamav\n')).toEqual({
      socket: '/run/clamav/clamd.ctl',
      databaseDirectory: '/var/clamav',
    });
  });
});
