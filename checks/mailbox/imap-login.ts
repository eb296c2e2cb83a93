// mailbox/imap-login: the test user logs in to the imapd this host's users use, and how long it took.
import type { Check } from '../../src/core/check.js';
import { fromSteps } from '../../src/core/result.js';
import { probeStep, remainingMs } from '../shared/probe.js';
import { mailboxView } from './user-imap.js';

export const imapLoginCheck: Check = {
  id: 'mailbox/imap-login',
  title: 'IMAP login of the test user',
  roles: ['groupware'],
  proves: 'the test user can log in to cyrus imapd (AUTHENTICATE PLAIN or LOGIN) on the IMAP server of the host',
  timeoutMs: 15_000,
  async run(ctx) {
    const session = await mailboxView(ctx);
    if (session.kind === 'outcome') return session.outcome;
    const { endpoint, result, user } = session;
    const step = probeStep(ctx, {
      name: endpoint.target,
      what: `IMAP login of ${user.login}`,
      service: 'cyrus imapd',
      target: endpoint.target,
      ok: (v) => ({ status: 'ok', summary: `${user.login} logs in to imapd at ${endpoint.target} (${v.mechanism}, ${v.loginMs} ms)` }),
    }, result);
    const metrics = result.ok ? [{ label: 'imap_login', value: result.value.loginMs / 1000, unit: 's' as const, min: 0 }] : [];
    return fromSteps([step], { metrics, ...(result.ok ? {} : { hint: loginHint(result.failure, step.hint, user.login) }) });
  },
};

function loginHint(failure: string, fallback: string | undefined, login: string): string | undefined {
  if (failure !== 'auth') return fallback;
  return `imapd refused ${login}'s password: check the password in the config, then saslauthd on the host (testsaslauthd -u ${login}) and the account in AD (kinit ${login})`;
}

