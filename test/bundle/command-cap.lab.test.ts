// A 1 GiB maillog inside the --since window is capped and marked: on server B a rotated maillog.1 of 1 GiB of
// lines from the last hour (its /var/log is on disk), `oxdoctor bundle --host serverb --since 1d`; the
// manifest says truncated with the file's size on the host, the archive holds at most the cap, not the
// gigabyte. The file is removed afterwards.
import { rmSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOG_FILE_MAX } from '../../src/bundle/collect-spec/types.js';
import { labExec } from '../lab/lab.js';
import { runBundle, unpack, type BundleRun, type Unpacked } from './command-run.js';

const GIB = 1024 ** 3;
const BIG = '/var/log/maillog.1';
let planted = false;
let run: BundleRun;
let bundle: Unpacked;

beforeAll(async () => {
  if ((await labExec('serverb', ['test', '-e', BIG])).code === 0) throw new Error(`serverb:${BIG} exists`);
  planted = true;
  const line =
    "$(date -d '1 hour ago' '+%b %e %H:%M:%S') serverb postfix/smtpd[4242]: " +
    'connect from mail.example.net[192.0.2.7]';
  const r = await labExec('serverb', ['sh', '-c', `yes "${line}" | head -c ${GIB} > ${BIG}`]);
  if (r.code !== 0) throw new Error(`planting failed: ${r.stderr}`);
  run = await runBundle(['--host', 'serverb', '--since', '1d']);
  bundle = unpack(run);
}, 280_000);

afterAll(async () => {
  if (planted) await labExec('serverb', ['rm', '-f', BIG]);
  if ((await labExec('serverb', ['test', '-e', BIG])).code === 0) throw new Error(`serverb:${BIG} left behind`);
  if (run) rmSync(run.dir, { recursive: true, force: true });
});

describe('oxdoctor bundle with a 1 GiB maillog in the window', () => {
  it('caps it and marks it truncated in the manifest', () => {
    expect([0, 1], run.ran.stderr.slice(0, 2000)).toContain(run.ran.code);
    const item = bundle.manifest.items.find((i) => i.host === 'serverb' && i.path === BIG);
    expect(item, 'maillog.1 in the manifest').toBeDefined();
    expect(item?.archivePath, 'maillog.1 collected, not dropped').toBeDefined();
    expect(item?.truncated).toBe(true);
    expect(item?.size).toBeGreaterThan(0);
    expect(item?.size).toBeLessThanOrEqual(LOG_FILE_MAX + 64 * 1024);
    expect(item?.sourceSize ?? GIB).toBeGreaterThanOrEqual(GIB);
  });

  it('the archive is the cap, not the gigabyte', () => {
    expect(statSync(run.archive).size).toBeLessThan(GIB / 4);
    expect(bundle.manifest.partial).toBe(false);
  });
});
