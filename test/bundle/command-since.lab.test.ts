// `oxdoctor bundle --since` bounds the logs: on server B a rotated maillog.1 whose first lines are ten days old
// and whose last are two hours old, and a maillog.4.gz (mtime and lines twenty days old); with --since 3d the
// old file is not collected and the old lines are not in the archive, the recent ones are. Planted as new files,
// removed afterwards.
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labExec } from '../lab/lab.js';
import { runBundle, unpack, type BundleRun, type Unpacked } from './command-run.js';

const RUN = randomBytes(4).toString('hex');
const OLD_LINE = `oldline${RUN}`;
const NEW_LINE = `newline${RUN}`;
const OLD_FILE = `oldfile${RUN}`;
const ROTATED = '/var/log/maillog.1';
const OLD_GZ = '/var/log/maillog.4.gz';

// syslog lines stamped `ago` before now by the host's own clock and zone; $1 the marker, $2 the age
const LINES = String.raw`for i in 1 2 3; do
  printf '%s serverb postfix/smtpd[4242]: connect from unknown[192.0.2.%s] %s\n' \
    "$(date -d "$2" '+%b %e %H:%M:%S')" "$i" "$1"
done`;

let planted: string[] = [];
let run: BundleRun;
let bundle: Unpacked;

beforeAll(async () => {
  for (const p of [ROTATED, OLD_GZ]) {
    if ((await labExec('serverb', ['test', '-e', p])).code === 0) throw new Error(`serverb:${p} exists`);
  }
  planted = [ROTATED, OLD_GZ];
  const script = [
    `{ sh -c "$0" sh ${OLD_LINE} '10 days ago'; sh -c "$0" sh ${NEW_LINE} '2 hours ago'; } > ${ROTATED}`,
    `touch -d '2 hours ago' ${ROTATED}`,
    `sh -c "$0" sh ${OLD_FILE} '20 days ago' | gzip > ${OLD_GZ}`,
    `touch -d '20 days ago' ${OLD_GZ}`,
  ].join(' && ');
  const r = await labExec('serverb', ['sh', '-c', script, LINES]);
  if (r.code !== 0) throw new Error(`planting failed: ${r.stderr}`);
  const check = await labExec('serverb', ['sh', '-c', `cat ${ROTATED}; gzip -dc ${OLD_GZ}`]);
  for (const m of [OLD_LINE, NEW_LINE, OLD_FILE]) {
    if (check.stdout.split(m).length !== 4) throw new Error(`planting failed: ${m} not on 3 lines`);
  }
  run = await runBundle(['--host', 'serverb', '--since', '3d']);
  bundle = unpack(run);
}, 200_000);

afterAll(async () => {
  if (planted.length > 0) await labExec('serverb', ['rm', '-f', '--', ...planted]);
  for (const p of planted) {
    if ((await labExec('serverb', ['test', '-e', p])).code === 0) throw new Error(`serverb:${p} left behind`);
  }
  if (run) rmSync(run.dir, { recursive: true, force: true });
});

const logText = (): string =>
  bundle.manifest.items
    .filter((i) => i.kind === 'log' && i.archivePath)
    .map((i) =>
      readFileSync(
        bundle.files.find((f) => f.endsWith(`/${i.archivePath!}`))!,
        'latin1',
      ),
    )
    .join('');

describe('oxdoctor bundle --since 3d on server B', () => {
  it('collects the rotated maillog.1 with its recent lines', () => {
    expect([0, 1], run.ran.stderr.slice(0, 2000)).toContain(run.ran.code);
    const item = bundle.manifest.items.find((i) => i.host === 'serverb' && i.path === ROTATED);
    expect(item?.archivePath, 'maillog.1 collected').toBeDefined();
    expect(logText()).toContain(NEW_LINE);
    expect(bundle.manifest.since).toBeDefined();
  });

  it('leaves out the rotated file older than the window', () => {
    const item = bundle.manifest.items.find((i) => i.host === 'serverb' && i.path === OLD_GZ);
    expect(item?.archivePath, 'maillog.4.gz (20 days old) in the archive').toBeUndefined();
    expect(bundle.tarText).not.toContain(OLD_FILE);
    expect(logText()).not.toContain(OLD_FILE);
  });

  it('leaves out the lines older than the window inside a collected file', () => {
    expect(logText()).toContain(NEW_LINE);
    expect(logText()).not.toContain(OLD_LINE);
    expect(bundle.tarText).not.toContain(OLD_LINE);
  });
});
