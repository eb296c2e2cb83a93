// What a host's logs say about the user: its last delivery and last login with their times (OK either way: a
// quiet user is no fault), and failed logins in the last hour, WARN past user.failedLoginsHour.
import { expectation } from '../../../checks/queue/depth/limits.js';
import type { Metric, Outcome, Step } from '../../core/result.js';
import type { RangePair } from '../../core/site.js';
import { evaluate } from '../../core/thresholds.js';
import { worst } from '../../core/status.js';
import { clockTime, formatAge } from '../../core/time-text.js';
import { failedAttempts } from './failed-logins.js';
import type { UserLogRead } from './log-read.js';
import { describeWindow } from './log-window.js';
import type { EventKind, UserEvent } from './user-events.js';

// user.failedLoginsHour: failed logins of one user in the last hour; 5 are a client retrying a wrong password,
// 50 someone guessing or a client in a loop (AD may lock the account).
export const FAILED_LOGINS_DEFAULT: Required<RangePair> = { warn: '4', crit: '49' };
export const FAILED_WINDOW_MS = 3_600_000;

export function activityVerdict(
  host: string,
  login: string,
  read: UserLogRead,
  nowMs: number,
  limits: Required<RangePair> = FAILED_LOGINS_DEFAULT,
): Outcome {
  const at = (e: UserEvent): string => `${clockTime(e.time)} (${formatAge(nowMs - e.time)} ago)`;
  const last = (kind: EventKind): UserEvent | undefined => read.events.filter((e) => e.kind === kind).at(-1);
  const count = (kind: EventKind): number => read.events.filter((e) => e.kind === kind).length;
  const where = read.window.files.length === 0 ? 'no live mail log' : describeWindow(read.window);
  const delivery = last('delivery');
  const loginEvent = last('login');
  const failed = failedAttempts(read.events).filter((e) => e.time >= nowMs - FAILED_WINDOW_MS);
  const steps: Step[] = [
    {
      name: 'last delivery',
      status: 'ok',
      summary: delivery
        ? `${host}: last delivery to ${login} at ${at(delivery)}: ${delivery.what} (${count('delivery')} in the window)`
        : `${host}: no delivery to ${login} in ${where}`,
    },
    {
      name: 'last login',
      status: 'ok',
      summary:
        (loginEvent
          ? `${host}: last login of ${login} at ${at(loginEvent)}: ${loginEvent.what} (${count('login')} in the window)`
          : `${host}: no login of ${login} in ${where}`) + ownNote(read),
    },
    failedStep(host, login, failed, at, limits),
    ...read.problems.map((p): Step => ({
      name: 'unread log',
      status: 'unknown',
      summary: `${host}: ${p}`,
      hint: 'oxdoctor needs root on this host to read its logs',
    })),
  ];
  const metrics: Metric[] = [
    { label: 'deliveries', value: count('delivery'), unit: '', min: 0 },
    { label: 'logins', value: count('login'), unit: '', min: 0 },
    { label: 'failed_logins_hour', value: failed.length, unit: '', warn: limits.warn, crit: limits.crit, min: 0 },
    ...(delivery ? [ageMetric('last_delivery_age', delivery, nowMs)] : []),
    ...(loginEvent ? [ageMetric('last_login_age', loginEvent, nowMs)] : []),
  ];
  const status = worst(steps.map((s) => s.status));
  if (status !== 'ok') {
    const first = steps.find((s) => s.status === status)!;
    return { status, summary: first.summary, ...(first.hint ? { hint: first.hint } : {}), steps, metrics };
  }
  const parts = [
    delivery ? `last delivery to ${login} ${at(delivery)}` : `no delivery to ${login}`,
    loginEvent ? `last login ${at(loginEvent)} (${loginEvent.what})` : 'no login',
    failed.length === 0 ? 'no failed login in the last hour' : `${failed.length} failed logins in the last hour`,
  ];
  return { status, summary: `${host}: ${parts.join(', ')} (read ${where})`, steps, metrics };
}

// The reasons of the attempts, each said once ("saslauthd: X" of a pair and a lone saslauthd line's "X" alike).
function distinctReasons(failed: readonly UserEvent[]): string[] {
  const seen = new Map<string, string>();
  for (const part of failed.flatMap((e) => e.reason?.split('; ') ?? [])) {
    const key = part.replace(/^[\w/]+: (?=\S)/, '');
    if (!seen.has(key)) seen.set(key, part);
  }
  return [...seen.values()].slice(0, 3);
}

function ownNote(read: UserLogRead): string {
  const n = read.ownLeftOut ?? 0;
  return n === 0 ? '' : ` (${n} ${n === 1 ? 'login' : 'logins'} during this sweep left out: oxdoctor's own)`;
}

function ageMetric(label: string, e: UserEvent, nowMs: number): Metric {
  return { label, value: Math.max(0, Math.round((nowMs - e.time) / 1000)), unit: 's', min: 0 };
}

function failedStep(
  host: string,
  login: string,
  failed: readonly UserEvent[],
  at: (e: UserEvent) => string,
  limits: Required<RangePair>,
): Step {
  const n = failed.length;
  const name = 'failed logins';
  if (n === 0) return { name, status: 'ok', summary: `${host}: no failed login of ${login} in the last hour` };
  const lastOne = failed.at(-1)!;
  const reasons = distinctReasons(failed);
  const clients = [...new Set(failed.map((e) => e.line.fields.client_ip ?? e.line.fields.client).filter((c) => !!c))];
  const status = evaluate(n, limits.warn, limits.crit);
  const summary =
    `${host}: ${n} failed ${n === 1 ? 'login' : 'logins'} of ${login} in the last hour (expected ${expectation(limits.warn)}), ` +
    `the last at ${at(lastOne)} (${lastOne.what}${reasons.length > 0 ? `: ${reasons.join('; ')}` : ''})`;
  if (status === 'ok') return { name, status, summary };
  const from = clients.length > 0 ? ` from ${clients.slice(0, 3).join(', ')}` : '';
  return {
    name,
    status,
    summary,
    hint:
      `a client${from} keeps trying a wrong or old password for ${login}, or the account cannot log in ` +
      `(expired, disabled: see user/kerberos): update the password in that client, or unlock the account in AD`,
  };
}
