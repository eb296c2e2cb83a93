// The healthy lab is all OK (issue 15): the whole sweep of the lab's own configuration through the built binary,
// as `npm run demo` runs it, exits 0 with every check OK on every host, also right after the lab started (cron
// has then logged no job yet), and every host of the config, both cluster nodes included, is in it.
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli, runCli, type Built } from './build.js';

const CONFIG = fileURLToPath(new URL('../lab/oxdoctor.yaml', import.meta.url));
let built: Built;

beforeAll(async () => {
  built = await buildCli();
}, 180_000);

describe('the whole sweep of the healthy lab', () => {
  it('exits 0 with every check OK on every host', async () => {
    const r = await runCli(built.bin, ['check', '--config', CONFIG, '--format', 'json']);
    const report = JSON.parse(r.stdout) as {
      results: { check: string; host: string; status: string; summary: string }[];
    };
    const notOk = report.results.filter((x) => x.status !== 'ok').map((x) => `${x.check}@${x.host}: ${x.summary}`);
    expect(notOk).toEqual([]);
    expect(r.code, r.stderr).toBe(0);
    expect(new Set(report.results.map((x) => x.host))).toEqual(new Set(['relay', 'servera', 'servera2', 'serverb']));
    expect(r.stderr).toBe('');
  }, 120_000);
});
