// The user view's report through the redactor before the view holds it, as the log pane's lines are.
import type { Redactor } from '../core/redact.js';
import type { UserReport } from '../user/report.js';

// Every string of the report redacted; dates (the account's expiry, the password's age) stay dates.
export function redactReport(report: UserReport, redactor: Redactor): UserReport {
  return redactKeepingDates(report, redactor);
}

function redactKeepingDates<T>(value: T, redactor: Redactor): T {
  if (typeof value === 'string') return redactor.redact(value) as T;
  if (value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((v: unknown) => redactKeepingDates(v, redactor)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactKeepingDates(v, redactor);
    return out as T;
  }
  return value;
}
