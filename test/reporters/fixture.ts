// A fixed sweep: one result of each status, metrics with and without thresholds, a timeout.
import type { Result } from '../../src/core/result.js';
import type { Report } from '../../src/reporters/types.js';

const base = { evidence: [], metrics: [], steps: [], timedOut: false, startedAt: '2026-11-25T03:00:00.000Z' };

export const results: Result[] = [
  {
    ...base,
    check: 'host/ssh',
    host: 'relay',
    status: 'ok',
    summary: 'connected as root, host key SHA256:Qm9v',
    durationMs: 35,
  },
  {
    ...base,
    check: 'queue/depth',
    host: 'relay',
    status: 'warn',
    summary: '38 deferred messages, above the warning level of 30',
    hint: 'see the top delay reason with `postqueue -p`',
    metrics: [
      { label: 'deferred', value: 38, unit: '', warn: '30', crit: '100', min: 0 },
      { label: 'oldestAge', value: 7200, unit: 's' },
    ],
    durationMs: 120,
  },
  {
    ...base,
    check: 'service/imap',
    host: 'servera',
    status: 'crit',
    summary: 'port 143 refused the connection; expected a cyrus greeting',
    hint: 'start cyrus on servera',
    evidence: [{ label: 'connect 127.0.10.2:143', text: 'ECONNREFUSED' }],
    steps: [{ name: 'connect', status: 'crit', summary: 'refused' }],
    durationMs: 3,
  },
  {
    ...base,
    check: 'ox/listuser',
    host: 'servera',
    status: 'unknown',
    summary: 'not run: servera unreachable (see host/ssh)',
    hint: 'see `oxdoctor check --host servera --check host/ssh`',
    durationMs: 0,
  },
  {
    ...base,
    check: 'host/clock',
    host: 'serverb',
    status: 'crit',
    summary: 'no answer within 10s',
    hint: 'the probe got no answer before its deadline',
    timedOut: true,
    metrics: [{ label: 'offset', value: 0.25, unit: 's', warn: '~:60', crit: '~:300' }],
    durationMs: 10000,
  },
];

export const report: Report = {
  site: 'Example mail',
  toolVersion: '0.1.0',
  generatedAt: '2026-11-25T03:00:12.000Z',
  durationMs: 10_250,
  results,
};

export const allOk: Report = { ...report, durationMs: 400, results: [results[0]!] };
