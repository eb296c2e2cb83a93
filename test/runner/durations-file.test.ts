// The durations cache is read only when it is a regular file of sane size; anything else is an empty history.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { loadDurations } from '../../src/runner/durations.js';
import { fifoWithLateWriter } from '../helpers/fifo.js';

const dir = mkdtempSync(join(tmpdir(), 'oxdoctor-durations-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

const CACHE = JSON.stringify({ version: 1, durations: { 'host/ssh@relay': 420 } });

describe('the durations cache file', () => {
  it('is ignored when it is over 8 MiB, though it parses', () => {
    const path = join(dir, 'big.json');
    const padded = JSON.stringify({ version: 1, durations: { 'host/ssh@relay': 420 }, pad: 'x'.repeat(8 << 20) });
    writeFileSync(path, padded);
    expect(loadDurations(path).entries()).toEqual([]);
  });

  it('is ignored at once when it is a FIFO, instead of holding the start until a writer comes', () => {
    const fifo = fifoWithLateWriter(join(dir, 'fifo.json'), CACHE);
    cleanups.push(() => fifo.close());
    const started = Date.now();
    const durations = loadDurations(fifo.path);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(durations.entries()).toEqual([]);
  });

  it('is read as before when it is a regular file within the cap', () => {
    const path = join(dir, 'small.json');
    writeFileSync(path, CACHE);
    expect(loadDurations(path).get('host/ssh@relay')).toBe(420);
  });
});
