import { describe, expect, it } from 'vitest';
import { escapeLabelValue, metricName, renderPrometheus } from '../../src/reporters/prometheus.js';
import { allOk, report, results } from './fixture.js';

const SAMPLE =
  /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="(?:\\[\\"n]|[^"\\\n])*"(,[a-zA-Z_][a-zA-Z0-9_]*="(?:\\[\\"n]|[^"\\\n])*")*\})? (NaN|[+-]Inf|-?\d+(\.\d+)?(e[+-]?\d+)?)$/;

// What the textfile collector insists on: valid lines, one HELP and TYPE per family, before its samples,
// samples of a family together, no series twice.
function assertExposition(text: string): void {
  expect(text.endsWith('\n')).toBe(true);
  const seenFamilies = new Set<string>();
  const seenSeries = new Set<string>();
  let current = '';
  for (const line of text.slice(0, -1).split('\n')) {
    const help = /^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) .*$/.exec(line);
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) gauge$/.exec(line);
    if (help) {
      expect(seenFamilies.has(help[1]!)).toBe(false);
      seenFamilies.add(help[1]!);
      current = help[1]!;
      continue;
    }
    if (type) {
      expect(type[1]).toBe(current);
      continue;
    }
    expect(line).toMatch(SAMPLE);
    const series = line.slice(0, line.lastIndexOf(' '));
    expect(series.startsWith(current)).toBe(true);
    expect(seenSeries.has(series)).toBe(false);
    seenSeries.add(series);
  }
}

describe('prometheus reporter', () => {
  it('prints status, duration, timeout and one gauge per metric, in node_exporter textfile format', () => {
    const out = renderPrometheus(report);
    assertExposition(out);
    expect(out).toContain(
      [
        '# HELP oxdoctor_check_status Check status: 0 ok, 1 warn, 2 crit, 3 unknown.',
        '# TYPE oxdoctor_check_status gauge',
        'oxdoctor_check_status{check="host/ssh",host="relay"} 0',
        'oxdoctor_check_status{check="queue/depth",host="relay"} 1',
        'oxdoctor_check_status{check="service/imap",host="servera"} 2',
        'oxdoctor_check_status{check="ox/listuser",host="servera"} 3',
        'oxdoctor_check_status{check="host/clock",host="serverb"} 2',
        '# HELP oxdoctor_check_duration_seconds How long the check ran.',
        '# TYPE oxdoctor_check_duration_seconds gauge',
        'oxdoctor_check_duration_seconds{check="host/ssh",host="relay"} 0.035',
      ].join('\n'),
    );
    expect(out).toContain('oxdoctor_check_timed_out{check="host/clock",host="serverb"} 1\n');
    expect(out).toContain(
      [
        '# HELP oxdoctor_metric_oldest_age_seconds Metric "oldestAge" reported by oxdoctor checks (seconds).',
        '# TYPE oxdoctor_metric_oldest_age_seconds gauge',
        'oxdoctor_metric_oldest_age_seconds{check="queue/depth",host="relay"} 7200',
      ].join('\n'),
    );
    expect(out).toContain('oxdoctor_metric_offset_seconds{check="host/clock",host="serverb"} 0.25\n');
    expect(
      out.endsWith(
        'oxdoctor_sweep_status 2\n# HELP oxdoctor_sweep_timestamp_seconds When the sweep was reported, in seconds since the epoch.\n# TYPE oxdoctor_sweep_timestamp_seconds gauge\noxdoctor_sweep_timestamp_seconds 1795575612\n',
      ),
    ).toBe(true);
  });

  it('escapes backslash, double quote and newline in label values', () => {
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
    const odd = { ...results[0]!, host: 'we"ird\\host\nname' };
    const out = renderPrometheus({ ...allOk, results: [odd] });
    assertExposition(out);
    expect(out).toContain('oxdoctor_check_status{check="host/ssh",host="we\\"ird\\\\host\\nname"} 0\n');
  });

  it('turns metric labels into valid names in base units and keeps colliding labels apart', () => {
    expect(metricName('clock.offsetSeconds', '_seconds')).toBe('oxdoctor_metric_clock_offset_seconds');
    expect(metricName('queue.deferred', '')).toBe('oxdoctor_metric_queue_deferred');
    expect(metricName('%%', '')).toBe('oxdoctor_metric_value');
    const r = {
      ...results[1]!,
      metrics: [
        { label: 'a.b', value: 1 },
        { label: 'a_b', value: 2 },
        { label: 'free', value: 2, unit: 'KB' as const },
        { label: 'rtt', value: 250, unit: 'ms' as const },
        { label: 'odd', value: Number.POSITIVE_INFINITY },
      ],
    };
    const out = renderPrometheus({ ...allOk, results: [r] });
    assertExposition(out);
    expect(out).toContain('oxdoctor_metric_a_b{check="queue/depth",host="relay"} 1\n');
    expect(out).toContain('oxdoctor_metric_a_b_2{check="queue/depth",host="relay"} 2\n');
    expect(out).toContain('oxdoctor_metric_free_bytes{check="queue/depth",host="relay"} 2048\n');
    expect(out).toContain('oxdoctor_metric_rtt_seconds{check="queue/depth",host="relay"} 0.25\n');
    expect(out).toContain('oxdoctor_metric_odd{check="queue/depth",host="relay"} +Inf\n');
  });

  it('puts a metric reported by several hosts into one family', () => {
    const a = { ...results[1]!, metrics: [{ label: 'deferred', value: 1 }] };
    const b = { ...a, host: 'servera', metrics: [{ label: 'deferred', value: 2 }] };
    const out = renderPrometheus({ ...allOk, results: [a, b] });
    assertExposition(out);
    expect(out).toContain(
      'oxdoctor_metric_deferred{check="queue/depth",host="relay"} 1\noxdoctor_metric_deferred{check="queue/depth",host="servera"} 2\n',
    );
  });
});
