// `oxdoctor logs -f` on the lab through the built binary: lines written by logger on two hosts appear within a
// second, Ctrl-C ends it with exit 0 and leaves no reader on the hosts, and with server A's clock 10 minutes
// ahead (the clock-skew fault) the offset is named and taken off, so the stream stays in time order.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { breakFault, healFault, labExec, type LabHost } from '../lab/lab.js';
import { eventually } from '../lab/probes.js';
import { buildCli, REPO, runCli, type Built } from './build.js';

const CONFIG = fileURLToPath(new URL('../lab/oxdoctor.yaml', import.meta.url));
let built: Built;

beforeAll(async () => {
  built = await buildCli();
}, 180_000);

interface JsonLine {
  host: string;
  time: string;
  raw: string;
  clockOffsetMs?: number;
}

// A running `logs -f`: its parsed stdout lines with their arrival times, and its stderr.
interface Following {
  readonly child: ChildProcess;
  readonly lines: { line: JsonLine; at: number }[];
  stderr: string;
  readonly exited: Promise<number | null>;
}

function follow(hosts: string, config = CONFIG): Following {
  const child = spawn(
    process.execPath,
    [built.bin, 'logs', '-f', '--config', config, '--host', hosts, '--source', 'maillog', '--format', 'json'],
    { cwd: REPO, env: { ...process.env, CI: 'true', OXDOCTOR_CONFIG: '' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const f: Following = {
    child,
    lines: [],
    stderr: '',
    exited: new Promise((resolve) => child.once('close', (code) => resolve(code))),
  };
  let rest = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const parts = (rest + chunk.toString()).split('\n');
    rest = parts.pop()!;
    for (const p of parts) if (p !== '') f.lines.push({ line: JSON.parse(p) as JsonLine, at: Date.now() });
  });
  child.stderr!.on('data', (chunk: Buffer) => (f.stderr += chunk.toString()));
  return f;
}

async function started(f: Following): Promise<void> {
  expect(await eventually(async () => f.stderr.includes('following'), 30_000, 100), f.stderr).toBe(true);
  await new Promise((r) => setTimeout(r, 1500)); // the readers' first poll takes each file's end
}

const arrival = (f: Following, text: string) => f.lines.find((l) => l.line.raw.includes(text));

async function logger(host: LabHost, text: string): Promise<number> {
  const r = await labExec(host, ['logger', '-p', 'mail.info', '-t', 'p5follow', text]);
  expect(r.code, r.stderr).toBe(0);
  return Date.now();
}

// The pids of follow readers (their script names $OXD_FOLLOW_NONCE) that read maillog. The lab hosts share this
// machine's pid namespace, so other sessions' readers show too: a test compares before and after.
async function maillogReaders(): Promise<Set<string>> {
  const ps = await labExec('relay', ['ps', '-eww', '-o', 'pid=,args=']);
  const readers = ps.stdout
    .split('\n')
    .filter((l) => l.includes('OXD_FOLLOW_NONCE') && l.endsWith(' /var/log/maillog'));
  return new Set(readers.map((l) => l.trim().split(' ')[0]!));
}

// Which of `pids` still run after up to 5 s.
async function leftAfter(pids: ReadonlySet<string>): Promise<string[]> {
  const end = Date.now() + 5000;
  for (;;) {
    const now = await maillogReaders();
    const left = [...pids].filter((p) => now.has(p));
    if (left.length === 0 || Date.now() > end) return left;
    await new Promise((r) => setTimeout(r, 250));
  }
}

// "Dec  7 03:15:30" in UTC (the lab hosts' zone), as rsyslog's traditional format writes it.
function syslogStamp(ms: number): string {
  const d = new Date(ms);
  const month = d.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  const p = (n: number) => String(n).padStart(2, '0');
  return `${month} ${String(d.getUTCDate()).padStart(2, ' ')} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

describe('oxdoctor logs -f on the lab', () => {
  it('shows a line written on each of two hosts within a second; Ctrl-C ends it, exit 0, no reader left', async () => {
    const marker = `p5f${Date.now()}`;
    const before = await maillogReaders();
    const f = follow('relay,serverb');
    let mine: Set<string> | undefined;
    try {
      await started(f);
      mine = new Set([...(await maillogReaders())].filter((p) => !before.has(p)));
      expect(mine.size).toBe(2); // one reader per host
      const wroteRelay = await logger('relay', `${marker}-relay`);
      const wroteB = await logger('serverb', `${marker}-serverb`);
      const both = async () =>
        arrival(f, `${marker}-relay`) !== undefined && arrival(f, `${marker}-serverb`) !== undefined;
      expect(await eventually(both, 5000, 20), f.stderr).toBe(true);
      expect(arrival(f, `${marker}-relay`)!.line.host).toBe('relay');
      expect(arrival(f, `${marker}-serverb`)!.line.host).toBe('serverb');
      expect(arrival(f, `${marker}-relay`)!.at - wroteRelay).toBeLessThan(1000);
      expect(arrival(f, `${marker}-serverb`)!.at - wroteB).toBeLessThan(1000);
    } finally {
      f.child.kill('SIGINT');
    }
    expect(await f.exited).toBe(0);
    expect(await leftAfter(mine ?? new Set())).toEqual([]);
  }, 60_000);

  it("with server A's clock 10 minutes ahead: names the offset, takes it off, keeps the stream and a search in order", async () => {
    const marker = `p5skew${Date.now()}`;
    await breakFault('clock-skew');
    try {
      const f = follow('relay,servera');
      try {
        await started(f);
        expect(f.stderr).toMatch(
          /servera: clock \+(599|600|601)\.\d s \(ahead of this machine's\); its times are corrected/,
        );
        await logger('relay', `${marker}-A`);
        await new Promise((r) => setTimeout(r, 1100));
        // As server A's syslog stamps a line when its clock is 10 minutes ahead (the fault skews only what runs
        // over its sshd, not its rsyslogd, so the line is written with that stamp).
        const skewed = `${syslogStamp(Date.now() + 600_000)} node8888 p5follow: ${marker}-B`;
        const w = await labExec('servera', ['sh', '-c', 'printf "%s\\n" "$1" >>/var/log/maillog', 'sh', skewed]);
        expect(w.code, w.stderr).toBe(0);
        await new Promise((r) => setTimeout(r, 1100));
        await logger('relay', `${marker}-C`);
        const all = async () => ['A', 'B', 'C'].every((x) => arrival(f, `${marker}-${x}`) !== undefined);
        expect(await eventually(all, 5000, 20), f.stderr).toBe(true);
        const order = f.lines.filter((l) => l.line.raw.includes(marker)).map((l) => l.line.raw.slice(-1));
        expect(order).toEqual(['A', 'B', 'C']);
        const b = arrival(f, `${marker}-B`)!.line;
        expect(b.host).toBe('servera');
        expect(Math.abs(b.clockOffsetMs! - 600_000)).toBeLessThan(2000);
        const t = (x: string) => Date.parse(arrival(f, `${marker}-${x}`)!.line.time);
        expect(t('A')).toBeLessThanOrEqual(t('B'));
        expect(t('B')).toBeLessThanOrEqual(t('C'));
      } finally {
        f.child.kill('SIGINT');
        await f.exited;
      }
      // A search of the same lines: the same order, the offset on server A's line and in its note.
      const r = await runCli(built.bin, [
        'logs',
        '--config',
        CONFIG,
        '--host',
        'relay,servera',
        '--grep',
        marker,
        '--since',
        '5m',
        '--format',
        'json',
      ]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/servera: clock \+(599|600|601)\.\d s/);
      const found = r.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as JsonLine);
      expect(found.map((l) => l.raw.slice(-1))).toEqual(['A', 'B', 'C']);
      expect(Math.abs(found[1]!.clockOffsetMs! - 600_000)).toBeLessThan(2000);
    } finally {
      await healFault('clock-skew');
    }
  }, 120_000);

  it('goes on without a host that cannot be reached, naming it once; a search then exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oxdoctor-logs-gone-'));
    try {
      // The lab's config plus a host nothing listens for (connection refused at once).
      const config = join(dir, 'oxdoctor.yaml');
      const text = readFileSync(CONFIG, 'utf8');
      // YAML anchors must be defined before use: put the new host after the one defining &labssh.
      const fixed = text.replace(
        /(\n {2}servera:\n)/,
        '\n  gone:\n    address: 127.0.10.99\n    roles: [relay]\n    ssh: *labssh$1',
      );
      writeFileSync(config, fixed);
      const marker = `p5gone${Date.now()}`;
      const f = follow('relay,gone', config);
      try {
        await started(f);
        expect(f.stderr.split('\n').filter((l) => l.startsWith('oxdoctor: gone:'))).toHaveLength(1);
        expect(f.stderr).toMatch(/following \d+ logs on relay \(Ctrl-C ends\)/);
        await logger('relay', marker);
        expect(await eventually(async () => arrival(f, marker) !== undefined, 5000, 20), f.stderr).toBe(true);
      } finally {
        f.child.kill('SIGINT');
      }
      expect(await f.exited).toBe(0);
      const search = await runCli(built.bin, ['logs', '--config', config, '--host', 'relay,gone', '--grep', marker]);
      expect(search.code).toBe(1);
      expect(search.stdout).toContain(marker);
      expect(search.stderr).toMatch(/^oxdoctor: gone: 127\.0\.10\.99:22 .*connection refused$/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
