// service/clamd: PING -> PONG on clamd's socket, and the age of its signatures.
import type { Check } from '../../../src/core/check.js';
import { fromSteps, unknown, type Metric, type Step } from '../../../src/core/result.js';
import { evaluate } from '../../../src/core/thresholds.js';
import { probeClamd, type ClamdInfo } from '../../../src/protocols/clamd.js';
import type { Opener } from '../../../src/protocols/types.js';
import { openerFor, probeStep, remainingMs } from '../../../src/checkkit/probe.js';
import { thresholds } from '../../../src/checkkit/thresholds.js';
import { unixSocketOpener } from '../../../src/protocols/unix-socket.js';
import { clamdListen } from '../../../src/facts/clamd-conf.js';
import { signatureFilesStep } from './signature-files.js';

export const clamdCheck: Check = {
  id: 'service/clamd',
  title: 'clamd',
  roles: ['relay'],
  proves:
    'clamd answers PING with PONG on the socket amavis uses, the daily signatures it reports are recent, and the newest signature database file in its DatabaseDirectory (official, else local) is recent',
  catches: [
    'clamd not running or not listening on its configured socket (connection refused)',
    'daily signatures reported by clamd older than clamd.signatureAgeHours (freshclam not running)',
    'signature database files 30 days old while clamd still answers PONG (local-only databases too)',
    'no official signature database loaded where the site expects one (clamd.officialDatabases)',
    'a DatabaseDirectory that does not exist or holds no signature files',
  ],
  misses: [
    'clamd answering but not detecting (not scanned; clamdscan the EICAR file on the host)',
    'amavis not calling clamd (see service/amavis and the amavisd.conf av_scanners)',
    'freshclam failing to download while old files stay (freshclam log: /var/log/clamav/freshclam.log)',
  ],
  timeoutMs: 15_000,
  async run(ctx) {
    const listen = await clamdListen(ctx);
    if (!listen.path)
      return unknown(
        `no clamd config on ${ctx.host.name} (looked for /etc/clamd.d/amavisd.conf, /etc/clamav/clamd.conf ...)`,
      );
    let open: Opener;
    let target: string;
    if (listen.tcp) {
      target = `${listen.tcp.host}:${listen.tcp.port}`;
      open = openerFor(ctx, listen.tcp.host, listen.tcp.port);
    } else if (listen.socket) {
      target = listen.socket;
      // One connection per command, as clamd closes after each answer.
      const scripts = ['zPING\0', 'zVERSION\0'];
      let next = 0;
      open = (signal) => unixSocketOpener(ctx, target, scripts[next++] ?? 'zPING\0', false)(signal);
    } else {
      return unknown(`${listen.path} configures neither TCPSocket nor LocalSocket: clamd has nowhere to listen`);
    }
    const limits = thresholds(ctx, 'clamd.signatureAgeHours', { warn: '48', crit: '168' });
    // How many official (dated) databases must be loaded; a site that runs on local signatures only
    // says so with { warn: "0:" }.
    const official = thresholds(ctx, 'clamd.officialDatabases', { warn: '1:', crit: '0:' });
    const metrics: Metric[] = [];
    // The files are listed while clamd answers: two round trips in parallel.
    const filesStep = signatureFilesStep(ctx, listen.databaseDirectory, listen.path, limits, metrics);
    const result = await probeClamd(open, { signal: ctx.signal, timeoutMs: remainingMs(ctx) });
    const step = probeStep(
      ctx,
      { name: target, what: 'clamd', service: 'clamd', target, ok: (v) => judge(v, target, limits, official, metrics) },
      result,
    );
    const files = await filesStep;
    const steps: Step[] = [step, files];
    const healthy = steps.every((s) => s.status === 'ok');
    return fromSteps(steps, { metrics, ...(healthy ? { summary: `${step.summary}; ${files.summary}` } : {}) });
  },
};

type Limits = { warn: string; crit: string };

function judge(
  v: ClamdInfo,
  target: string,
  limits: Limits,
  official: Limits,
  metrics: Metric[],
): Pick<Step, 'status' | 'summary' | 'hint'> {
  const loaded = v.signatureDate ? 1 : 0;
  metrics.push({
    label: 'official_databases',
    value: loaded,
    unit: '',
    warn: official.warn,
    crit: official.crit,
    min: 0,
    max: 1,
  });
  if (!v.signatureDate) {
    const status = evaluate(loaded, official.warn, official.crit);
    if (status === 'ok') {
      return {
        status,
        summary: `clamd at ${target} answers PONG (${v.version}); local signatures only, as configured (clamd.officialDatabases ${official.warn})`,
      };
    }
    return {
      status,
      summary: `clamd at ${target} answers PONG (${v.version}) but reports no signature database date (expected daily signatures)`,
      hint: 'only local signatures are loaded: check freshclam (or the clamav-update cron job) and the DatabaseDirectory; a site that scans with local signatures only sets thresholds clamd.officialDatabases { warn: "0:" }',
    };
  }
  const hours = Math.round(((Date.now() - v.signatureDate.getTime()) / 3_600_000) * 10) / 10;
  metrics.push({ label: 'signature_age', value: hours, unit: '', warn: limits.warn, crit: limits.crit, min: 0 });
  const status = evaluate(hours, limits.warn, limits.crit);
  const summary = `clamd at ${target} answers PONG (${v.version}, signatures ${v.signatureVersion ?? '?'} from ${v.signatureDate.toISOString().slice(0, 16)}Z, ${hours} h old; expected under ${limits.warn} h)`;
  return status === 'ok'
    ? { status, summary }
    : { status, summary, hint: 'signatures are stale: run freshclam and check its cron job and proxy settings' };
}
