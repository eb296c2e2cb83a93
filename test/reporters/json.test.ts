import { describe, expect, it } from 'vitest';
import { renderJson } from '../../src/reporters/json.js';
import { allOk, report, results } from './fixture.js';

describe('json reporter', () => {
  it('prints one version 1 document with the overall status and exit code', () => {
    const out = renderJson(report);
    expect(out.endsWith('}\n')).toBe(true);
    const doc = JSON.parse(out);
    expect(Object.keys(doc)).toEqual([
      'version',
      'tool',
      'toolVersion',
      'site',
      'generatedAt',
      'status',
      'exitCode',
      'results',
    ]);
    expect(doc).toMatchObject({
      version: 1,
      tool: 'oxdoctor',
      toolVersion: '0.1.0',
      site: 'Example mail',
      status: 'crit',
      exitCode: 2,
    });
    expect(doc.results).toHaveLength(5);
  });

  it('gives every result the same keys, with null for what is absent', () => {
    const doc = JSON.parse(renderJson(report));
    expect(doc.results[0]).toEqual({
      check: 'host/ssh',
      host: 'relay',
      status: 'ok',
      summary: 'connected as root, host key SHA256:Qm9v',
      hint: null,
      evidence: [],
      metrics: [],
      steps: [],
      durationMs: 35,
      timedOut: false,
      startedAt: '2026-11-25T03:00:00.000Z',
    });
    expect(doc.results[1].metrics).toEqual([
      { label: 'deferred', value: 38, unit: '', warn: '30', crit: '100', min: 0, max: null },
      { label: 'oldestAge', value: 7200, unit: 's', warn: null, crit: null, min: null, max: null },
    ]);
    expect(doc.results[2].steps).toEqual([{ name: 'connect', status: 'crit', summary: 'refused', hint: null }]);
    expect(doc.results[2].evidence).toEqual([{ label: 'connect 127.0.10.2:143', text: 'ECONNREFUSED' }]);
    expect(doc.results[4].timedOut).toBe(true);
  });

  it.each([
    { statuses: ['ok'], status: 'ok', exitCode: 0 },
    { statuses: ['ok', 'warn'], status: 'warn', exitCode: 1 },
    { statuses: ['warn', 'crit', 'unknown'], status: 'crit', exitCode: 2 },
    { statuses: ['ok', 'unknown', 'warn'], status: 'unknown', exitCode: 3 },
  ] as const)('reports $status and exit code $exitCode for $statuses', ({ statuses, status, exitCode }) => {
    const rs = statuses.map((s, i) => ({ ...results[0]!, check: `t/${i}`, status: s }));
    expect(JSON.parse(renderJson({ ...allOk, results: rs }))).toMatchObject({ status, exitCode });
  });

  it('lists only problems with onlyProblems but keeps the status of the whole sweep', () => {
    const doc = JSON.parse(renderJson({ ...report, results: results.slice(0, 2) }, { onlyProblems: true }));
    expect(doc.results.map((r: { check: string }) => r.check)).toEqual(['queue/depth']);
    expect(doc.status).toBe('warn');
  });

  it('writes a value that is not a finite number as null', () => {
    const r = { ...results[0]!, metrics: [{ label: 'x', value: Number.NaN }] };
    expect(JSON.parse(renderJson({ ...allOk, results: [r] })).results[0].metrics[0].value).toBeNull();
  });
});
