// Failed logins counted as attempts: one wrong password writes a line of the server (cyrus' badlogin, smtpd's
// "authentication failed") and one of saslauthd within the same second or two; such a pair is one attempt, the
// server's line kept (it names the client) with saslauthd's reason added (it says what the KDC answered).
import type { UserEvent } from './user-events.js';

const PAIR_MS = 3000;

export function failedAttempts(events: readonly UserEvent[]): UserEvent[] {
  const failed = events.filter((e) => e.kind === 'failed-login');
  const auth = failed.filter((e) => e.family === 'auth');
  const used = new Set<UserEvent>();
  const attempts: UserEvent[] = [];
  for (const s of failed.filter((e) => e.family === 'server')) {
    const twin = auth.find((a) => !used.has(a) && Math.abs(a.time - s.time) <= PAIR_MS);
    if (twin) used.add(twin);
    attempts.push(twin?.reason ? { ...s, reason: joined(s.reason, `${twin.line.program}: ${twin.reason}`) } : s);
  }
  attempts.push(...auth.filter((a) => !used.has(a)));
  return attempts.sort((a, b) => a.time - b.time);
}

const joined = (a: string | undefined, b: string): string => (a ? `${a}; ${b}` : b);
