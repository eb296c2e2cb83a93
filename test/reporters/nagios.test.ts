import { describe, expect, it } from 'vitest';
import { renderNagios } from '../../src/reporters/nagios.js';
import { perfItem, perfLabel } from '../../src/reporters/perfdata.js';
import { allOk, report, results } from './fixture.js';

// 'label'=value[UOM];[warn];[crit];[min];[max] from the monitoring-plugins guidelines.
const RANGE = String.raw`@?(?:~|-?[0-9.]+)?(?::(?:-?[0-9.]+)?)?`;
const PERF_ITEM = new RegExp(
  String.raw`^'(?:[^'=|]|'')+'=(?:-?[0-9.]+(?:s|ms|us|%|B|KB|MB|GB|TB|c)?|U)(?:;(?:${RANGE})?(?:;(?:${RANGE})?(?:;(?:-?[0-9.]+)?(?:;(?:-?[0-9.]+)?)?)?)?)?$`,
);

// Splits perfdata at spaces outside quotes.
function perfItems(perf: string): string[] {
  return perf.match(/'(?:[^']|'')*'=\S*/g) ?? [];
}

describe('nagios reporter', () => {
  it('prints the status line with counts and perfdata, then one line per problem, worst first', () => {
    expect(renderNagios(report)).toBe(
      [
        "OXDOCTOR CRITICAL - 2 crit, 1 warn, 1 unknown, 1 ok | 'relay/queue/depth/deferred'=38;30;100;0 'relay/queue/depth/oldestAge'=7200s 'serverb/host/clock/offset'=0.25s;~:60;~:300",
        'CRITICAL service/imap@servera: port 143 refused the connection; expected a cyrus greeting (hint: start cyrus on servera)',
        'CRITICAL host/clock@serverb: no answer within 10s (hint: the probe got no answer before its deadline)',
        'UNKNOWN ox/listuser@servera: not run: servera unreachable (see host/ssh) (hint: see `oxdoctor check --host servera --check host/ssh`)',
        'WARNING queue/depth@relay: 38 deferred messages, above the warning level of 30 (hint: see the top delay reason with `postqueue -p`)',
        '',
      ].join('\n'),
    );
  });

  it('prints a single line without perfdata when all is well and nothing was measured', () => {
    expect(renderNagios(allOk)).toBe('OXDOCTOR OK - 0 crit, 0 warn, 0 unknown, 1 ok\n');
  });

  it('keeps every perfdata item within the guidelines grammar, whatever the label holds', () => {
    const hostile = {
      ...results[1]!,
      metrics: [
        { label: "it's = 50% | more", value: 1e21, unit: '%' as const, warn: '10:', crit: '@5:10', min: 0, max: 100 },
        { label: 'tiny', value: 1e-7, unit: 'ms' as const },
        { label: 'unknown', value: Number.NaN },
        { label: 'bad range', value: 1, warn: '10; rm -rf', crit: ' 20 ' },
      ],
    };
    const line = renderNagios({ ...allOk, results: [hostile] }).split('\n')[0]!;
    const perf = line.slice(line.indexOf(' | ') + 3);
    const items = perfItems(perf);
    expect(items).toHaveLength(4);
    expect(items.join(' ')).toBe(perf);
    for (const item of items) expect(item).toMatch(PERF_ITEM);
    expect(items).toEqual([
      "'relay/queue/depth/it''s _ 50% _ more'=1000000000000000000000%;10:;@5:10;0;100",
      "'relay/queue/depth/tiny'=0.0000001ms",
      "'relay/queue/depth/unknown'=U",
      "'relay/queue/depth/bad range'=1;;20",
    ]);
  });

  it('makes perfdata labels unique when a check repeats one', () => {
    const twice = {
      ...results[1]!,
      metrics: [
        { label: 'n', value: 1 },
        { label: 'n', value: 2 },
      ],
    };
    expect(renderNagios({ ...allOk, results: [twice] }).split('\n')[0]).toContain(
      "'relay/queue/depth/n'=1 'relay/queue/depth/n_2'=2",
    );
  });

  it('never lets a pipe or a newline from a summary into the output text', () => {
    const r = { ...results[2]!, summary: 'pcre map a|b failed\nsecond line', hint: 'x|y' };
    expect(renderNagios({ ...allOk, results: [r] }).split('\n')[1]).toBe(
      'CRITICAL service/imap@servera: pcre map a/b failed second line (hint: x/y)',
    );
  });

  it('quotes a label and doubles a quote inside it', () => {
    expect(perfLabel("o'clock")).toBe("'o''clock'");
    expect(perfItem('x', { label: 'x', value: -1.5, unit: 'c' })).toBe("'x'=-1.5c");
  });
});
