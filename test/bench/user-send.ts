// Issue 17's --send bar: delivery to server A's INBOX, the archive on server B and Sent Items on server B seen and
// reported in under 10 s, with amavis and clamd in the path. The REAL sendAndFollow against the lab (npm run lab --
// up; test/lab/oxdoctor.yaml), as the configured test user with its password (so the user's own message runs the
// disclaimer and sent-copy path too): per run, the seconds from submission until the last copy was seen in its
// mailbox (the bar), and the wall time of the whole send (connections, submission, follow-up, deletion).
// Each run checks that amavis scanned the message (Passed CLEAN), so the path really had amavis and clamd in it.
// Run (the lab is shared: under its lock): npm run build && flock /tmp/oxdoctor-lab.lock node dist/test/bench/user-send.js
//   BENCH_RUNS (5, median), BENCH_USER (the config's testUser), BENCH_BAR_MS (10000)
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config/index.js';
import { TransportPool } from '../../src/transport/index.js';
import { findUser } from '../../src/user/identity.js';
import { sendAndFollow } from '../../src/user/send/index.js';
import { targetOf } from '../../src/user/target.js';
import { fmt, median, verdict } from './measure.js';

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 5));
const BAR_MS = Number(process.env.BENCH_BAR_MS ?? 10_000);
const CONFIG = process.env.BENCH_CONFIG ?? fileURLToPath(new URL('../../../test/lab/oxdoctor.yaml', import.meta.url));
const out = (line = ''): void => void process.stdout.write(line + '\n');

const site = await loadConfig({ explicitPath: CONFIG });
const login = process.env.BENCH_USER ?? site.testUser?.login;
if (!login || !site.testUser?.password) throw new Error('the config needs a testUser with a password');
const found = await findUser({ site, timeoutMs: 5000 }, login);
if (found.kind !== 'found') throw new Error(`AD has no single user ${login}`);
const target = targetOf(found, site.testUser.password);

const lastSeen: number[] = [];
const walls: number[] = [];
out(`oxdoctor user ${login} --send on ${site.site}: ${RUNS} runs`);
for (let i = 1; i <= RUNS; i++) {
  const pool = new TransportPool();
  const started = performance.now();
  try {
    const report = await sendAndFollow({ site, transportFor: (h) => pool.get(h), target, keep: false });
    const wall = performance.now() - started;
    const copies = report.messages.flatMap((m) => m.copies.map((c) => ({ ...c, via: m.via })));
    const scanned = copies.some((c) => c.hops.some((h) => /amavis: Passed CLEAN/.test(h.step)));
    if (report.status !== 'ok' || !scanned) {
      out(`run ${i}: ${report.status}: ${report.summary}${scanned ? '' : ' (no amavis Passed CLEAN hop)'}`);
      process.exitCode = 1;
      continue;
    }
    const last = Math.max(...copies.map((c) => (c.seconds ?? Infinity) * 1000));
    lastSeen.push(last);
    walls.push(wall);
    const each = copies.map((c) => `${c.via}/${c.name} ${c.seconds} s`).join(', ');
    out(
      `run ${i}: all ${copies.length} copies seen after ${fmt(last)} (${each}); whole send ${fmt(wall)}, deleted ${report.deleted}`,
    );
  } finally {
    await pool.closeAll();
  }
}
if (lastSeen.length > 0) {
  out();
  const pass = verdict('median until every copy was seen in its mailbox', median(lastSeen), BAR_MS);
  out(`      median whole send (connect, submit, follow, delete): ${fmt(median(walls))}`);
  if (!pass) process.exitCode = 1;
}
