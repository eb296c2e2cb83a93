import { describe, expect, it } from 'vitest';
import { formatLineJson, formatLineText, offsetNote, textLayout } from '../../src/logs/line-format.js';
import { mergeByTime } from '../../src/logs/merge-streams.js';
import { parseTimeSpec } from '../../src/logs/time-spec.js';
import type { LogLine } from '../../src/logs/types.js';

const NOW = new Date(2026, 11, 7, 12, 0, 0).getTime(); // local time, as the user types dates

describe('--since / --until values', () => {
  it.each([
    ['90s', NOW - 90_000],
    ['30m', NOW - 1_800_000],
    ['2h', NOW - 7_200_000],
    ['2d', NOW - 172_800_000],
    ['1w', NOW - 604_800_000],
    ['2026-12-07', new Date(2026, 11, 7).getTime()],
    ['2026-12-06 03:15', new Date(2026, 11, 6, 3, 15).getTime()],
    ['2026-12-06T03:15:30', new Date(2026, 11, 6, 3, 15, 30).getTime()],
    ['2026-12-06T03:15:00Z', Date.UTC(2026, 11, 6, 3, 15)],
    ['2026-12-06T03:15:00+01:00', Date.UTC(2026, 11, 6, 2, 15)],
    ['03:15', new Date(2026, 11, 7, 3, 15).getTime()],
  ])('%s', (value, expected) => {
    expect(parseTimeSpec(value, NOW)).toBe(expected);
  });

  it.each(['', '2 hours', 'yesterday', '2026-02-30', '25:00', '2026-13-01', '$(id)', '1h; touch /tmp/x'])(
    'refuses %j',
    (value) => {
      expect(parseTimeSpec(value, NOW)).toBeUndefined();
    },
  );
});

const line = (over: Partial<LogLine>): LogLine => ({ host: 'relay', source: 'maillog', fields: {}, raw: '', ...over });

describe('output of one line', () => {
  const layout = textLayout(['relay', 'servera'], ['maillog', 'ox'], false);

  it('text: host, source, corrected local time, the message without its syslog stamp', () => {
    const t = new Date(2026, 11, 7, 3, 15, 30, 123).getTime();
    const raw = 'Dec  7 03:15:30 relay postfix/smtpd[123]: 4AbC: client=exch[127.0.10.20]';
    const text = formatLineText(line({ time: t, program: 'postfix/smtpd', raw }), layout);
    expect(text).toBe('relay   maillog 2026-12-07 03:15:30.123 postfix/smtpd[123]: 4AbC: client=exch[127.0.10.20]');
  });

  it('text: marks a time corrected by a clock offset, indents a record continuation, colours per host', () => {
    const t = new Date(2026, 11, 7, 3, 15, 30).getTime();
    const text = formatLineText(line({ host: 'servera', time: t, raw: 'a\nb', clockOffsetMs: 600_000 }), layout);
    expect(text.split('\n')).toEqual(['servera maillog 2026-12-07 03:15:30.000~a', `${' '.repeat(40)}b`]);
    const colored = textLayout(['relay', 'servera'], ['maillog'], true);
    expect(formatLineText(line({ host: 'servera', raw: 'x' }), colored)).toMatch(/^\u001b\[35mservera\u001b\[0m /);
    expect(formatLineText(line({ host: 'relay', raw: 'x' }), colored)).toMatch(/^\u001b\[36mrelay {2}\u001b\[0m /);
  });

  it('json: one object per line with the agreed keys', () => {
    const t = Date.UTC(2026, 11, 7, 3, 15, 30);
    const parsed = JSON.parse(
      formatLineJson(
        line({ time: t, program: 'postfix/qmgr', pid: 9, queueId: 'ABC', fields: { from: 'a@b' }, raw: 'r' }),
      ),
    ) as Record<string, unknown>;
    expect(parsed).toEqual({
      host: 'relay',
      source: 'maillog',
      time: '2026-12-07T03:15:30.000Z',
      program: 'postfix/qmgr',
      pid: 9,
      queueId: 'ABC',
      level: null,
      kind: null,
      fields: { from: 'a@b' },
      raw: 'r',
    });
    expect(JSON.parse(formatLineJson(line({ clockOffsetMs: -5 }))).clockOffsetMs).toBe(-5);
  });

  it('names an offset past a second, with its sign', () => {
    expect(offsetNote('servera', 600_200)).toBe(
      "servera: clock +600.2 s (ahead of this machine's); its times are corrected (marked ~)",
    );
    expect(offsetNote('relay', -2500)).toMatch(/^relay: clock -2.5 s \(behind/);
    expect(offsetNote('relay', 300)).toBeUndefined();
  });
});

describe('k-way merge of per-source streams', () => {
  async function* stream(times: number[][]): AsyncGenerator<LogLine[]> {
    for (const batch of times) yield batch.map((t) => line({ time: t, raw: String(t) }));
  }

  it('puts lines of several time-ordered streams in one time order, stable for equal times', async () => {
    const out: string[] = [];
    const streams = [stream([[1, 4], [], [9]]), stream([[2, 3, 10]]), stream([]), stream([[4, 5], [6]])];
    for await (const batch of mergeByTime(streams)) out.push(...batch.map((l) => l.raw));
    expect(out).toEqual(['1', '2', '3', '4', '4', '5', '6', '9', '10']);
  });

  it('ends the other streams when the consumer stops early', async () => {
    let ended = 0;
    async function* endless(): AsyncGenerator<LogLine[]> {
      try {
        for (let t = 0; ; t++) yield [line({ time: t })];
      } finally {
        ended++;
      }
    }
    for await (const batch of mergeByTime([endless(), endless()])) if ((batch[0]?.time ?? 0) > 10) break;
    expect(ended).toBe(2);
  });
});
