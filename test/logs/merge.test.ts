// LogMerger: out-of-order input within the window comes out sorted, a skewed host's lines (its clock 600 s ahead)
// interleave with the others once the offset is taken off and carry clockOffsetMs, equal times keep their order,
// untimed lines take their file's previous time, and the cap on held lines holds.
import { describe, expect, it } from 'vitest';
import { LogMerger } from '../../src/logs/merge.js';
import type { LogLine } from '../../src/logs/types.js';

const T0 = Date.UTC(2026, 11, 7, 2, 0, 0);

function line(host: string, time: number | undefined, raw: string, source = 'maillog'): LogLine {
  return time === undefined ? { host, source, fields: {}, raw } : { host, source, time, fields: {}, raw };
}

describe('LogMerger', () => {
  it('sorts lines that arrive out of order within the window, and holds the recent ones', () => {
    const m = new LogMerger({ windowMs: 1000 });
    m.push([line('relay', T0 + 300, 'c'), line('relay', T0 + 100, 'a')]);
    m.push([line('servera', T0 + 200, 'b'), line('serverb', T0 + 1500, 'd')]);
    expect(m.size).toBe(4);
    expect(m.drain(T0 + 1000).map((l) => l.raw)).toEqual([]); // nothing older than T0 yet
    expect(m.drain(T0 + 1400).map((l) => l.raw)).toEqual(['a', 'b', 'c']);
    expect(m.size).toBe(1);
    expect(m.drain(T0 + 2400).map((l) => l.raw)).toEqual([]);
    expect(m.drain(T0 + 2501).map((l) => l.raw)).toEqual(['d']);
    expect(m.size).toBe(0);
  });

  it('takes a skewed host clock offset off its times (+600 s) and marks its lines', () => {
    const offsets = new Map([['serverb', 600_000]]);
    const m = new LogMerger({ windowMs: 2000, offsets });
    // serverb's clock is 10 minutes ahead: its stamps read T0+600s for what happened at T0
    m.push([line('serverb', T0 + 600_000 + 500, 'b1'), line('serverb', T0 + 600_000 + 1500, 'b2')]);
    m.push([line('relay', T0, 'r0'), line('relay', T0 + 1000, 'r1'), line('relay', T0 + 2000, 'r2')]);
    const out = m.drain(T0 + 4001);
    expect(out.map((l) => l.raw)).toEqual(['r0', 'b1', 'r1', 'b2', 'r2']);
    expect(out[1]).toMatchObject({ time: T0 + 500, clockOffsetMs: 600_000 });
    expect(out[0]!.clockOffsetMs).toBeUndefined();
    // an offset learnt later (host/clock measured it) applies to the lines pushed after
    m.setOffset('relay', -250);
    m.push([line('relay', T0 + 5000, 'r5')]);
    expect(m.flushAll()).toEqual([expect.objectContaining({ raw: 'r5', time: T0 + 5250, clockOffsetMs: -250 })]);
  });

  it('keeps arrival order for equal times (stable)', () => {
    const m = new LogMerger({ windowMs: 0 });
    const same = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'].map((r, i) => line(i % 2 ? 'a' : 'b', T0, r));
    m.push(same.slice(0, 5));
    m.push([line('a', T0 - 1, 'first')]);
    m.push(same.slice(5));
    expect(m.flushAll().map((l) => l.raw)).toEqual(['first', ...same.map((l) => l.raw)]);
  });

  it('gives an untimed line (an OX body read alone) the previous time of its host and source', () => {
    const m = new LogMerger({ windowMs: 1000 });
    m.push([line('servera', T0 + 100, 'header', 'ox'), line('relay', T0 + 50, 'r')]);
    m.push([line('servera', undefined, 'body', 'ox'), line('relay', T0 + 120, 'r2')]);
    const out = m.drain(T0 + 1200);
    expect(out.map((l) => l.raw)).toEqual(['r', 'header', 'body', 'r2']);
    expect(out[2]!.time).toBe(T0 + 100);
  });

  it('never holds more than the cap: the oldest leave early, in order, and none is lost', () => {
    const m = new LogMerger({ windowMs: 60_000, maxHeld: 1000 });
    const hosts = ['relay', 'servera', 'serverb'];
    let pushed = 0;
    for (let batch = 0; batch < 100; batch++) {
      // 3 hosts x 100 lines, each host slightly behind the others (reverse order within a batch)
      const lines = hosts.flatMap((h, k) =>
        Array.from({ length: 100 }, (_, i) => line(h, T0 + batch * 1000 + (99 - i) * 10 + k, `${h}-${batch}-${i}`)),
      );
      m.push(lines);
      pushed += lines.length;
      expect(m.size).toBeLessThanOrEqual(1000);
    }
    const out = [...m.drain(T0), ...m.flushAll()];
    expect(out).toHaveLength(pushed);
    expect(new Set(out.map((l) => l.raw)).size).toBe(pushed);
    const times = out.map((l) => l.time!);
    expect(times.every((t, i) => i === 0 || t >= times[i - 1]!)).toBe(true);
  });

  it('bounds memory under a flood: 1,000,000 lines through a 50,000 cap', () => {
    const m = new LogMerger({ windowMs: 3_600_000 }); // a window nothing leaves by time
    let out = 0;
    for (let batch = 0; batch < 100; batch++) {
      m.push(Array.from({ length: 10_000 }, (_, i) => line('relay', T0 + batch * 10_000 + i, 'x')));
      expect(m.size).toBeLessThanOrEqual(50_000);
      const drained = m.drain(T0); // only the lines the cap pushed out: none is older than T0 - 1 h
      if (batch >= 5) expect(drained).toHaveLength(10_000);
      out += drained.length;
    }
    expect(out + m.flushAll().length).toBe(1_000_000);
  });
});
