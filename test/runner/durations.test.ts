import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Durations, loadDurations, saveDurations } from '../../src/runner/durations.js';

const items = (...keys: string[]) => keys.map((key) => ({ key }));

describe('check durations from earlier sweeps', () => {
  it('order a sweep slowest first, never-seen checks before all, plan order among equals', () => {
    const d = new Durations([
      ['a@h', 10],
      ['b@h', 600],
      ['c@h', 10],
    ]);
    expect(d.order(items('a@h', 'b@h', 'c@h', 'new@h')).map((i) => i.key)).toEqual(['new@h', 'b@h', 'a@h', 'c@h']);
  });

  it('start never-seen checks with the longest timeout first, so a first sweep does not queue the slow ones last', () => {
    const d = new Durations([['seen@h', 5000]]);
    const planned = [
      { key: 'quick@h', check: { timeoutMs: 10_000 } },
      { key: 'seen@h', check: { timeoutMs: 10_000 } },
      { key: 'slow@h', check: { timeoutMs: 45_000 } },
      { key: 'quick2@h', check: { timeoutMs: 10_000 } },
    ];
    expect(d.order(planned).map((i) => i.key)).toEqual(['slow@h', 'quick@h', 'quick2@h', 'seen@h']);
  });

  it('survive a save and load, and a corrupt or missing file is an empty history', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oxdoctor-durations-'));
    try {
      const path = join(dir, 'sub', 'durations.json');
      saveDurations(path, new Durations([['service/smtp@relay', 420]]));
      expect(loadDurations(path).get('service/smtp@relay')).toBe(420);
      expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ version: 1, durations: { 'service/smtp@relay': 420 } });
      writeFileSync(path, '{not json');
      expect(loadDurations(path).entries()).toEqual([]);
      expect(loadDurations(join(dir, 'missing.json')).entries()).toEqual([]);
      writeFileSync(join(dir, 'a-file'), '');
      saveDurations(join(dir, 'a-file', 'oxdoctor', 'durations.json'), new Durations([['x@y', 1]])); // no throw
      saveDurations('/proc/oxdoctor-cannot-write/durations.json', new Durations([['x@y', 1]])); // no hang, no throw
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
