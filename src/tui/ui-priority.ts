// On a loaded server the dashboard must still answer keys: where the system allows (root), it runs at a
// higher scheduling priority, as atop does with nice(-20). Two settings, since the kernel has two levels:
// - the thread's nice value. Linux keeps one per thread, so only the thread that draws and reads keys
//   gains; commands it starts are put back to oxdoctor's own priority (childNice, given to the transports;
//   see transport/child-priority.ts).
// - the session's autogroup (sched_autogroup_enabled, the default on desktop and many server kernels):
//   the CPU is first shared between sessions, every SSH login and daemon being one, and a thread's nice
//   only counts within its session. Its nice covers the terminal's shell too, so it is put back on exit.
import { readFileSync, writeFileSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

export const DEFAULT_UI_NICE = -10;
const AUTOGROUP = '/proc/self/autogroup';

export interface UiPriority {
  readonly thread?: number; // the thread's nice value now, when it was changed
  readonly session?: number; // the autogroup's, when it was changed
  readonly childNice?: number; // the nice value local commands should start at, when the thread's was changed
  restore(): void; // puts the session's back (the thread's ends with the process)
}

// A value above the current one lowers the priority instead (anyone may), for a polite run on a busy server.
export function raiseUiPriority(nice: number): UiPriority {
  let thread: number | undefined;
  let childNice: number | undefined;
  const before = getPriority(0);
  if (nice !== before) {
    try {
      setPriority(0, nice);
      thread = nice;
      childNice = before;
    } catch {
      // not allowed (not root): the default priority
    }
  }
  const group = autogroupNice();
  let session: number | undefined;
  if (group !== undefined && nice !== group && writeAutogroup(nice)) session = nice;
  let restored = false;
  const restore = (): void => {
    if (restored || session === undefined || group === undefined) return;
    restored = true;
    process.off('exit', restore);
    writeAutogroup(group);
  };
  // Whatever way the process ends (a crash included), the terminal's session gets its priority back.
  if (session !== undefined) process.once('exit', restore);
  return { thread, session, restore, ...(childNice !== undefined ? { childNice } : {}) };
}

// "/autogroup-41929 nice 0" -> 0; undefined where autogroups are off or absent.
export function parseAutogroup(text: string): number | undefined {
  const m = /^\/autogroup-\d+ nice (-?\d+)\s*$/.exec(text);
  return m ? Number(m[1]) : undefined;
}

function autogroupNice(): number | undefined {
  try {
    if (readFileSync('/proc/sys/kernel/sched_autogroup_enabled', 'utf8').trim() !== '1') return undefined;
    return parseAutogroup(readFileSync(AUTOGROUP, 'utf8'));
  } catch {
    return undefined;
  }
}

function writeAutogroup(nice: number): boolean {
  try {
    writeFileSync(AUTOGROUP, `${nice}\n`);
    return true;
  } catch {
    return false;
  }
}
