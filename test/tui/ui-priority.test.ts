// The dashboard's raised priority (tui/ui-priority.ts), in a process of its own: it changes the nice value
// of the calling thread and of its session's autogroup, which must not be the test runner's.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAutogroup } from '../../src/tui/ui-priority.js';
import { niceValue } from '../../src/cli/parse-options.js';
import { buildCli } from '../cli/build.js';

let src: string;
beforeAll(async () => {
  src = join(dirname((await buildCli()).bin), '..'); // dist/test-cli/src
}, 180_000);

interface Seen {
  before: number;
  thread: number;
  child: number;
  groupBefore?: number;
  groupDuring?: number;
  groupAfter?: number;
  result: { thread?: number; session?: number };
}

// detached: a session, so an autogroup, of its own.
function probe(nice: number): Promise<Seen> {
  const script = `
    import { getPriority } from 'node:os';
    import { readFileSync } from 'node:fs';
    const { raiseUiPriority, parseAutogroup } = await import(${JSON.stringify(join(src, 'tui/ui-priority.js'))});
    const { LocalTransport } = await import(${JSON.stringify(join(src, 'transport/local.js'))});
    const group = () => { try { return parseAutogroup(readFileSync('/proc/self/autogroup', 'utf8')); } catch { return undefined; } };
    const before = getPriority(0), groupBefore = group();
    const result = raiseUiPriority(${nice});
    const thread = getPriority(0), groupDuring = group();
    const r = await new LocalTransport('localhost', { childNice: result.childNice }).exec(['sh', '-c', 'cut -d" " -f19 /proc/$$/stat']);
    result.restore();
    const { restore, ...shown } = result;
    console.log(JSON.stringify({ before, thread, child: Number(r.stdout), groupBefore, groupDuring, groupAfter: group(), result: shown }));
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      detached: true,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(JSON.parse(out) as Seen) : reject(new Error(`probe exited ${code}: ${out}`)),
    );
  });
}

const autogroups = ((): boolean => {
  try {
    return readFileSync('/proc/sys/kernel/sched_autogroup_enabled', 'utf8').trim() === '1';
  } catch {
    return false;
  }
})();

describe('the dashboard priority', () => {
  it('raises its own thread and session where allowed, and leaves the commands it starts and the session after it alone', async () => {
    const seen = await probe(-7);
    if (process.getuid?.() === 0) {
      expect(seen.thread).toBe(-7);
      expect(seen.result.thread).toBe(-7);
      expect(seen.child).toBe(seen.before);
      if (autogroups) {
        expect(seen.groupDuring).toBe(-7);
        expect(seen.result.session).toBe(-7);
        expect(seen.groupAfter).toBe(seen.groupBefore);
      } else {
        expect(seen.result.session).toBeUndefined();
      }
    } else {
      // Not allowed: nothing changes and nothing fails.
      expect(seen.result).toEqual({});
      expect(seen.thread).toBe(seen.before);
      expect(seen.child).toBe(seen.before);
    }
  }, 30_000);

  it('changes nothing when asked for the priority it already has (--nice 0)', async () => {
    const seen = await probe(0);
    expect(seen.result).toEqual({});
    expect(seen.thread).toBe(seen.before);
    expect(seen.groupDuring).toBe(seen.groupBefore);
  }, 30_000);

  it('lowers its priority when asked for a positive value, which needs no privilege, and so do its commands', async () => {
    const seen = await probe(5);
    expect(seen.thread).toBe(5);
    expect(seen.result.thread).toBe(5);
    expect(seen.child).toBe(5);
    if (autogroups) {
      expect(seen.groupDuring).toBe(5);
      expect(seen.groupAfter).toBe(seen.groupBefore);
    }
  }, 30_000);

  it('gives the session its priority back when the process ends without restoring it', async () => {
    // The session outlives the process in a child that reads the session's autogroup after the exit.
    const script = `
      const { raiseUiPriority } = await import(${JSON.stringify(join(src, 'tui/ui-priority.js'))});
      const { spawn } = await import('node:child_process');
      const p = raiseUiPriority(-7);
      console.log('during', p.session);
      spawn('sh', ['-c', 'sleep 0.5; cat /proc/self/autogroup'], { stdio: ['ignore', 'inherit', 'inherit'] });
      process.exit(0);
    `;
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
        detached: true,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let text = '';
      child.stdout.on('data', (c: Buffer) => (text += c.toString()));
      child.stdout.on('close', () => resolve(text));
      child.on('error', reject);
    });
    const after = parseAutogroup(out.split('\n').find((l) => l.startsWith('/autogroup-')) ?? '');
    if (autogroups && process.getuid?.() === 0) {
      expect(out).toMatch(/^during -7$/m);
      expect(after).toBe(0);
    } else {
      expect(out).toMatch(/^during undefined$/m); // nothing was changed, so nothing to give back
    }
  }, 30_000);

  it('reads the autogroup line and the --nice value', () => {
    expect(parseAutogroup('/autogroup-41929 nice 0\n')).toBe(0);
    expect(parseAutogroup('/autogroup-7 nice -10\n')).toBe(-10);
    expect(parseAutogroup('garbage')).toBeUndefined();
    expect(niceValue('-20')).toBe(-20);
    expect(niceValue('19')).toBe(19);
    expect(() => niceValue('-21')).toThrow(/-20 to 19/);
    expect(() => niceValue('x')).toThrow(/nice value/);
  });
});
