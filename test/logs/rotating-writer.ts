// A local writer of numbered lines that rotates its file the two ways logrotate does, for the follow tests:
// "rename" (shift the old copies, rename the live file to .1, create a new one, keep writing to the old file
// for a moment as syslog does until its HUP, then reopen) and "copytruncate" (copy to .1, truncate; the
// writer waits during copy+truncate, so the rotator's own window, which logrotate documents as lossy, is shut).
import {
  closeSync,
  copyFileSync,
  existsSync,
  ftruncateSync,
  openSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';

export type Rotation = 'rename' | 'copytruncate';

const KEEP = 5;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface WriterPlan {
  readonly path: string;
  readonly lines: number; // numbered 1..lines
  readonly linesPerTick: number; // written every ~2 ms, one write() each
  readonly rotations: readonly { readonly afterLine: number; readonly how: Rotation }[];
  readonly lingerMs?: number; // rename: how long the old file still gets lines; default 30
}

export function lineText(n: number): string {
  return `seq=${n} ${'x'.repeat(40)}`;
}

export function sequenceOf(text: string): number | null {
  const m = /^seq=(\d+) /.exec(text);
  return m ? Number(m[1]) : null;
}

function shift(path: string): void {
  if (existsSync(`${path}.${KEEP}`)) unlinkSync(`${path}.${KEEP}`);
  for (let i = KEEP - 1; i >= 1; i--) if (existsSync(`${path}.${i}`)) renameSync(`${path}.${i}`, `${path}.${i + 1}`);
}

export async function writeRotating(plan: WriterPlan): Promise<void> {
  let fd = openSync(plan.path, 'a');
  let old: number | null = null;
  let oldUntil = 0;
  const pending = [...plan.rotations].sort((a, b) => a.afterLine - b.afterLine);
  for (let n = 1; n <= plan.lines;) {
    const batch: string[] = [];
    for (let i = 0; i < plan.linesPerTick && n <= plan.lines; i++) batch.push(lineText(n++) + '\n');
    // The old file of a rename keeps getting lines until the writer "reopens".
    writeSync(old !== null && Date.now() < oldUntil ? old : fd, batch.join(''));
    if (old !== null && Date.now() >= oldUntil) {
      closeSync(old);
      old = null;
    }
    const due = pending[0];
    if (due && n > due.afterLine) {
      pending.shift();
      shift(plan.path);
      if (due.how === 'rename') {
        renameSync(plan.path, `${plan.path}.1`);
        if (old !== null) closeSync(old);
        old = fd;
        oldUntil = Date.now() + (plan.lingerMs ?? 30);
        fd = openSync(plan.path, 'a');
      } else {
        copyFileSync(plan.path, `${plan.path}.1`);
        ftruncateSync(fd, 0);
      }
    }
    await sleep(2);
  }
  if (old !== null) closeSync(old);
  closeSync(fd);
}

// What a reader got, against 1..expected: lines never seen and lines seen more than once.
export function countSequence(texts: readonly string[], expected: number): { missing: number; duplicated: number } {
  const seen = new Uint8Array(expected + 1);
  let duplicated = 0;
  for (const t of texts) {
    const n = sequenceOf(t);
    if (n === null || n < 1 || n > expected) continue;
    if (seen[n]! > 0) duplicated++;
    seen[n] = 1;
  }
  let missing = 0;
  for (let n = 1; n <= expected; n++) if (seen[n] === 0) missing++;
  return { missing, duplicated };
}
