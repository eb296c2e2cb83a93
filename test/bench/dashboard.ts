// Issue 6's dashboard bars, on the real binary in a real terminal (tmux, 80x24, test/tui/tmux.ts) against
// the lab: (a) the first frame within 0.5 s of the spawn (median of several starts), and (b) a key press
// shown within 100 ms while the probes of a sweep run (at least 50 check@host running or waiting at each
// press). Run: npm run lab -- up; npm run build && node dist/test/bench/dashboard.js
// (BENCH_STARTS, default 7, BENCH_PRESSES, default 24, and BENCH_IDLE_PRESSES, default 12, override the counts;
// BENCH_ARGS adds arguments, e.g. BENCH_ARGS="--nice 0".)
//
// Timing. The timed key presses and screen reads go through one tmux control-mode client per session
// (`tmux -C`, commands over a pipe), not a new `tmux` process per read: a capture then costs a round trip
// instead of a process start, so the polling is fine-grained and does not take the CPU from the dashboard
// it measures (the machine has 2 cores). Both costs are printed. A latency is bracketed: the upper
// bound runs from sending send-keys to the reply of the first capture showing the change (the verdicts
// use it), the lower bound from send-keys' reply to the request of the last capture not showing it.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasTmux, startTmux, TMUX, type TmuxSession } from '../tui/tmux.js';
import { median, timeCommand, verdict } from './measure.js';

const here = dirname(fileURLToPath(import.meta.url)); // dist/test/bench
const bin = resolve(here, '../../src/cli/main.js');
const config = resolve(here, '../../../test/lab/oxdoctor.yaml');
const STARTS = Number(process.env.BENCH_STARTS ?? 7);
const PRESSES = Number(process.env.BENCH_PRESSES ?? 24);
const IDLE_PRESSES = Number(process.env.BENCH_IDLE_PRESSES ?? 12);
const MIN_IN_FLIGHT = 50;
const SIZE = { columns: 80, rows: 24 };

if (!hasTmux) throw new Error('tmux is needed (apt-get install -y tmux)');

const now = (): number => performance.now();
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const stat = (xs: readonly number[]): string =>
  `median ${median(xs).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms`;
const list = (xs: readonly number[]): string => xs.map((x) => x.toFixed(0)).join(' ');

// A tmux control-mode client: each command's reply comes back between %begin and %end (or %error).
class Control {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly replies: ((lines: string[]) => void)[] = [];
  private buffer = '';
  private block: { end: RegExp; lines: string[]; ours: boolean } | undefined;
  private attached!: () => void;
  readonly ready = new Promise<void>((r) => (this.attached = r));

  constructor(socket: string, target: string) {
    // ignore-size: this client does not resize the 80x24 window; no-output: no %output stream.
    this.child = spawn(TMUX, ['-S', socket, '-C', 'attach-session', '-t', target, '-f', 'no-output,ignore-size']);
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (d: string) => {
      this.buffer += d;
      let nl: number;
      while ((nl = this.buffer.indexOf('\n')) !== -1) {
        this.line(this.buffer.slice(0, nl));
        this.buffer = this.buffer.slice(nl + 1);
      }
    });
    this.child.on('error', () => undefined);
  }

  private line(line: string): void {
    if (this.block) {
      if (!this.block.end.test(line)) {
        this.block.lines.push(line);
        return;
      }
      const { lines, ours } = this.block;
      this.block = undefined;
      if (ours) this.replies.shift()?.(lines);
      else this.attached(); // the reply to attach-session itself (flags 0)
      return;
    }
    const begin = /^%begin (\d+) (\d+) (\d+)$/.exec(line);
    if (begin)
      this.block = {
        end: new RegExp(`^%(end|error) ${begin[1]} ${begin[2]} ${begin[3]}$`),
        lines: [],
        ours: begin[3] === '1',
      };
    // anything else is a notification (%session-changed, %exit, ...)
  }

  command(text: string): Promise<string[]> {
    return new Promise((r) => {
      this.replies.push(r);
      this.child.stdin.write(`${text}\n`);
    });
  }

  async capture(target: string): Promise<string> {
    return (await this.command(`capture-pane -p -t ${target}`)).join('\n');
  }

  async send(target: string, key: string): Promise<void> {
    await this.command(`send-keys -t ${target} ${key}`);
  }

  close(): void {
    this.child.stdin.end();
    this.child.kill();
  }
}

interface Dash {
  readonly s: TmuxSession;
  readonly ctl: Control;
  capture(): Promise<string>;
  send(key: string): Promise<{ start: number; end: number }>;
}

const cache = mkdtempSync(join(tmpdir(), 'oxdoctor-bench-dash-'));
// Durations cached in a private directory: every start is a first run, and the user's cache is left alone.
const env = { OXDOCTOR_CACHE_DIR: cache };
// BENCH_ARGS: extra arguments for the binary (e.g. --nice 0 to see what the raised priority buys).
const argv = [
  process.execPath,
  bin,
  '--config',
  config,
  '--refresh',
  '3600',
  ...(process.env.BENCH_ARGS ?? '').split(' ').filter(Boolean),
];
const sessions = new Set<TmuxSession>();
const controls = new Set<Control>();

// sh prints the tmux socket (from $TMUX) and waits for a line before it execs the binary: the clock of
// a start begins at that Enter, so tmux's own start-up is not counted.
async function openDash(): Promise<Dash> {
  const s = startTmux(
    ['sh', '-c', 'printf "bench-socket=%s\\n" "${TMUX%%,*}"; read go; exec "$@"', 'sh', ...argv],
    SIZE,
    env,
  );
  sessions.add(s);
  const socket = /bench-socket=(\S+)/.exec(
    await s.waitFor(/bench-socket=\S+/, 10_000, 'the shell before the start'),
  )![1]!;
  const ctl = new Control(socket, s.name);
  controls.add(ctl);
  await ctl.ready;
  return {
    s,
    ctl,
    capture: () => ctl.capture(s.name),
    send: async (key) => {
      const start = now();
      await ctl.send(s.name, key);
      return { start, end: now() };
    },
  };
}

function closeDash(d: Dash): void {
  d.ctl.close();
  controls.delete(d.ctl);
  d.s.kill();
  sessions.delete(d.s);
}

// Polls the screen back to back until `test` holds; the bracket of the moment it started to.
async function pollUntil(
  d: Dash,
  test: (screen: string) => boolean,
  from: { start: number; end: number },
  timeoutMs: number,
) {
  let lastMiss = from.end;
  for (;;) {
    const t1 = now();
    const screen = await d.capture();
    const t2 = now();
    if (test(screen)) return { upper: t2 - from.start, lower: Math.max(0, lastMiss - from.end), screen };
    if (t2 - from.start > timeoutMs) return undefined;
    lastMiss = t1;
  }
}

async function waitScreen(
  d: Dash,
  test: (screen: string) => boolean,
  timeoutMs: number,
  what: string,
): Promise<string> {
  const t = now();
  const seen = await pollUntil(d, test, { start: t, end: t }, timeoutMs);
  if (!seen) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; the screen:\n${await d.capture()}`);
  return seen.screen;
}

// --- (a) spawn to first frame ---------------------------------------------------------------------
const SPLASH = /^oxdoctor {2}starting/m; // the plain frame written before Ink and the config load
const HEADER = /^oxdoctor {2}oxdoctor lab/m; // the first dashboard frame: the header with the site's name (drawn before Ink, then by Ink)
const GRID = /^relay {2,}\S/m; // the hosts x groups grid: the plan is made, the sweep starts

interface Start {
  splash: number;
  header: number;
  grid: number;
}

async function oneStart(): Promise<Start> {
  const d = await openDash();
  try {
    const sent = await d.send('Enter');
    const splash = await pollUntil(d, (x) => SPLASH.test(x) || HEADER.test(x), sent, 30_000);
    const header = splash && (await pollUntil(d, (x) => HEADER.test(x), sent, 30_000));
    const grid = header && (await pollUntil(d, (x) => GRID.test(x), sent, 60_000));
    if (!splash || !header || !grid) throw new Error(`no first frame in time; the screen:\n${await d.capture()}`);
    return { splash: splash.upper, header: header.upper, grid: grid.upper };
  } finally {
    await d.send('q');
    await sleep(300);
    closeDash(d);
  }
}

// --- (b) key latency while probes run -------------------------------------------------------------
const SWEEP_RUNNING = /sweep #(\d+) running (\d+)\/(\d+)/;
const SWEEP_DONE = /sweep #(\d+) \d+s ago/;
const PROMPT = /^\/.*_\s*$/m; // the `/` filter line being typed
const lines = (screen: string): string[] => screen.split('\n');
// The selected row (">CRIT   service/clamd  relay ...") as check@host.
function selected(screen: string): string | undefined {
  const line = lines(screen).find((l) => l.startsWith('>'));
  return line === undefined ? undefined : line.slice(8).trim().split(/\s+/).slice(0, 2).join('@');
}
const problemsOnly = (screen: string): boolean =>
  lines(screen).some((l) => l.startsWith('checks ') && l.includes('problems only'));
function inFlight(screen: string): { sweep: number; pending: number; planned: number } | undefined {
  const m = SWEEP_RUNNING.exec(screen);
  return m ? { sweep: Number(m[1]), pending: Number(m[3]) - Number(m[2]), planned: Number(m[3]) } : undefined;
}

// What each key must change on the screen, judged against the screen just before the press, and what
// that screen must show for the key to mean something (a press whose precondition fails is skipped).
type Key = {
  key: string;
  label: string;
  pre: (before: string) => boolean;
  changed: (before: string) => (after: string) => boolean;
};
const moves = (b: string): boolean => !PROMPT.test(b) && selected(b) !== undefined;
const selectionMoved = (b: string) => (a: string) => selected(a) !== undefined && selected(a) !== selected(b);
const problemsToggled = (b: string) => (a: string) => problemsOnly(a) !== problemsOnly(b);
const KEYS: Key[] = [
  { key: 'j', label: 'j', pre: moves, changed: selectionMoved },
  { key: '/', label: '/', pre: (b) => !PROMPT.test(b), changed: () => (a) => PROMPT.test(a) },
  { key: 'Escape', label: 'esc', pre: (b) => PROMPT.test(b), changed: () => (a) => !PROMPT.test(a) },
  { key: 'f', label: 'f', pre: (b) => !PROMPT.test(b), changed: problemsToggled },
  { key: 'f', label: 'f', pre: (b) => !PROMPT.test(b), changed: problemsToggled },
  { key: 'k', label: 'k', pre: moves, changed: selectionMoved },
];

interface Press {
  label: string;
  upper: number;
  lower: number;
  pending: number;
  planned: number;
  sweep: number;
}

async function ensureInFlight(d: Dash): Promise<{ sweep: number; pending: number; planned: number }> {
  let screen = await d.capture();
  const flight = inFlight(screen);
  if (flight && flight.pending >= MIN_IN_FLIGHT) return flight;
  // Too few left in this sweep: let it end, start the next with R, and wait for it to show.
  if (flight) screen = await waitScreen(d, (x) => SWEEP_DONE.test(x), 300_000, 'the running sweep to end');
  if (PROMPT.test(screen)) {
    // R would be typed into the filter: close it first.
    await d.send('Escape');
    await waitScreen(d, (x) => !PROMPT.test(x), 5000, 'esc to close the filter');
  }
  await d.send('R');
  return inFlight(await waitScreen(d, (x) => SWEEP_RUNNING.test(x), 10_000, 'R to start a sweep'))!;
}

interface Series {
  presses: Press[];
  misses: string[];
  cpu: number; // the dashboard's CPU use meanwhile, in cores
  runQueue: number; // the time its main thread waited for a CPU, per second of the series
  machine: number; // the machine's CPUs busy meanwhile, 0..1
}

// Presses the keys of KEYS in turn, `count` of them counted: while a sweep runs (`busy`: R starts one when
// fewer than MIN_IN_FLIGHT are left) or with none running.
async function pressKeys(d: Dash, count: number, busy: boolean): Promise<Series> {
  // The pane's process is the binary (sh execs it): its CPU time is read from /proc.
  const pid = Number((await d.ctl.command(`display-message -p -t ${d.s.name} '#{pane_pid}'`))[0]);
  const cpu0 = { ticks: cpuTicks(pid), at: now(), sched: schedWait(pid), machine: machineTicks() };
  const presses: Press[] = [];
  const misses: string[] = [];
  for (let i = 0; presses.length < count && i < count * 3; i++) {
    await sleep(120 + Math.random() * 180); // apart, and off the frame timer's beat
    const { key, label, pre, changed } = KEYS[i % KEYS.length]!;
    const ready = busy ? await ensureInFlight(d) : undefined;
    const before = await d.capture();
    if (!pre(before)) continue; // esc with no filter open after R closed it, say
    const flight = inFlight(before);
    const seen = await pollUntil(d, changed(before), await d.send(key), 3000);
    if (!seen) {
      // j at the last row or k at the first (rows reorder as results arrive): nothing to see, not a latency.
      misses.push(`${label} (no visible change in 3 s)`);
      continue;
    }
    if (busy && (flight?.pending ?? 0) < MIN_IN_FLIGHT) {
      misses.push(`${label} (only ${flight?.pending ?? 0} in flight)`);
      continue;
    }
    if (!busy && flight) {
      misses.push(`${label} (a sweep was running)`);
      continue;
    }
    presses.push({
      label,
      upper: seen.upper,
      lower: seen.lower,
      pending: flight?.pending ?? 0,
      planned: ready?.planned ?? 0,
      sweep: ready?.sweep ?? 0,
    });
  }
  const wall = now() - cpu0.at;
  const cpu = ((cpuTicks(pid) - cpu0.ticks) * 10) / wall; // 100 ticks a second
  const runQueue = (schedWait(pid) - cpu0.sched) / 1e6 / wall; // ns waited per ms
  const m = machineTicks();
  const machine = (m.busy - cpu0.machine.busy) / (m.total - cpu0.machine.total);
  return { presses, misses, cpu, runQueue, machine };
}

function report(title: string, { presses, misses, cpu, runQueue, machine }: Series): void {
  const pending = presses.map((p) => p.pending);
  const sweeps = [...new Set(presses.map((p) => p.sweep))];
  process.stdout.write(
    `key presses ${title}: ${presses.length} counted` +
      (sweeps.some((x) => x > 0)
        ? `, ${Math.min(...pending)}..${Math.max(...pending)} check@host running or waiting at each (of ${Math.max(...presses.map((p) => p.planned))} planned), during sweeps #${sweeps.join(', #')}`
        : '') +
      `; meanwhile the dashboard used ${(cpu * 100).toFixed(0)}% of a core and its main thread waited ${(runQueue * 1000).toFixed(0)} ms/s for a CPU, the machine's CPUs ${(machine * 100).toFixed(0)}% busy` +
      (misses.length ? `; not counted: ${misses.join(', ')}` : '') +
      '\n',
  );
  for (const label of [...new Set(presses.map((p) => p.label))]) {
    const of = presses.filter((p) => p.label === label).map((p) => p.upper);
    process.stdout.write(`  ${label.padEnd(4)} ${String(of.length).padStart(2)} presses: ${stat(of)}\n`);
  }
  process.stdout.write(
    `  all: ${stat(presses.map((p) => p.upper))}; lower bounds ${stat(presses.map((p) => p.lower))}\n`,
  );
  process.stdout.write(`  upper bounds: ${list(presses.map((p) => p.upper))}\n`);
}

async function costs(
  d: Dash,
  n: number,
): Promise<{ ctlCapture: number[]; ctlSend: number[]; execCapture: number[]; execSend: number[] }> {
  const r = {
    ctlCapture: [] as number[],
    ctlSend: [] as number[],
    execCapture: [] as number[],
    execSend: [] as number[],
  };
  for (let i = 0; i < n; i++) {
    let t = now();
    await d.capture();
    r.ctlCapture.push(now() - t);
    t = now();
    d.s.capture(); // a `tmux capture-pane` process, as test/tui/tmux.ts reads the screen
    r.execCapture.push(now() - t);
    if (i % 4 === 0) {
      // A key nothing is bound to: it changes nothing on screen.
      const sent = await d.send('x');
      r.ctlSend.push(sent.end - sent.start);
      await sleep(150);
      t = now();
      d.s.send('x');
      r.execSend.push(now() - t);
      await sleep(150);
    }
  }
  return r;
}

try {
  // How busy the machine is: the figures below scale with it.
  const floor: number[] = [];
  for (let i = 0; i < 5; i++) floor.push((await timeCommand([process.execPath, '-e', '0'])).ms);
  process.stdout.write(
    `node -e 0 (floor): ${stat(floor)}; load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} on ${availableParallelism()} cores\n`,
  );

  // (a)
  await oneStart(); // warms the file cache and the lab's sshd; not counted
  const starts: Start[] = [];
  for (let i = 0; i < STARTS; i++) {
    starts.push(await oneStart());
    await sleep(500);
  }
  const col = (k: keyof Start): number[] => starts.map((x) => x[k]);
  process.stdout.write(`starts: ${STARTS} (after one not counted), from the Enter that execs the binary:\n`);
  process.stdout.write(
    `  splash "oxdoctor  starting" (before the config):      ${stat(col('splash'))}  [${list(col('splash'))}]\n`,
  );
  process.stdout.write(
    `  first frame, header "oxdoctor  oxdoctor lab":        ${stat(col('header'))}  [${list(col('header'))}]\n`,
  );
  process.stdout.write(
    `  grid (Ink; hosts x groups, sweep started):          ${stat(col('grid'))}  [${list(col('grid'))}]\n`,
  );

  // (b)
  const d = await openDash();
  await d.send('Enter');
  await waitScreen(d, (x) => /^>/m.test(x), 60_000, 'the list with its selection marker');
  const c = await costs(d, 40);
  process.stdout.write(
    `screen read (the polling granularity): control client ${stat(c.ctlCapture)}; a capture-pane process ${stat(c.execCapture)}\n` +
      `send-keys: control client ${stat(c.ctlSend)}; a send-keys process ${stat(c.execSend)}\n`,
  );
  // Keys that reach the dashboard in one read come as one input string, which the dashboard ignores:
  // let the x's above be read on their own before the first counted key.
  await sleep(1000);
  // One j first, not counted: until a key sets the selection, the marker sits on whatever row is first.
  {
    const before = await d.capture();
    if (!(await pollUntil(d, selectionMoved(before), await d.send('j'), 5000)))
      throw new Error(`j moved nothing; the screen:\n${await d.capture()}`);
  }
  const busy = await pressKeys(d, PRESSES, true);
  report('while probes run', busy);
  // The same keys on the idle dashboard (the sweep over), for comparison: what the probes add.
  await waitScreen(d, (x) => SWEEP_DONE.test(x), 300_000, 'the sweep to end');
  const idle = await pressKeys(d, IDLE_PRESSES, false);
  report('idle, no sweep running (for comparison)', idle);
  await d.send('q');
  await sleep(300);
  const uppers = busy.presses.map((p) => p.upper);

  const ok = [
    verdict(
      'first frame (header with the site, hosts connecting) after spawn, median',
      median(col('header')),
      500,
      `max ${Math.max(...col('header')).toFixed(0)} ms; the plain splash: median ${median(col('splash')).toFixed(0)} ms`,
    ),
    verdict(
      'key press to screen change while probes run, median',
      median(uppers),
      100,
      `screen read ${median(c.ctlCapture).toFixed(1)} ms`,
    ),
    verdict(
      'key press to screen change while probes run, max',
      Math.max(...uppers),
      100,
      `over ${busy.presses.length} presses`,
    ),
  ].every(Boolean);
  process.exitCode = ok && busy.presses.length >= PRESSES / 2 ? 0 : 1;
} finally {
  for (const c of controls) c.close();
  for (const t of sessions) t.kill();
  rmSync(cache, { recursive: true, force: true });
  removeSockets();
}

// utime + stime of a process, in clock ticks (/proc/PID/stat fields 14 and 15).
function cpuTicks(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /, '')
      .split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return NaN;
  }
}

// Nanoseconds the task waited on a run queue (/proc/PID/schedstat, second field).
function schedWait(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]);
  } catch {
    return NaN;
  }
}

// All CPUs' ticks from /proc/stat: busy (not idle or iowait) and total.
function machineTicks(): { busy: number; total: number } {
  const t = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.split(/\s+/).slice(1, 9).map(Number);
  const total = t.reduce((a, b) => a + b, 0);
  return { busy: total - t[3]! - t[4]!, total };
}

// kill-server leaves the socket files of test/tui/tmux.ts's servers (named oxdoctor-PID-...) behind.
function removeSockets(): void {
  const dir = join(process.env.TMUX_TMPDIR ?? '/tmp', `tmux-${process.getuid?.() ?? 0}`);
  try {
    for (const f of readdirSync(dir))
      if (f.startsWith(`oxdoctor-${process.pid}-`)) rmSync(join(dir, f), { force: true });
  } catch {
    // no socket directory: nothing to remove
  }
}
