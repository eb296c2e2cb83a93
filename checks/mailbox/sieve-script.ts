// mailbox/sieve-script: the test user logs in to ManageSieve and has an active script (OX's mail filter rules).
import type { Check } from '../../src/core/check.js';
import { fromSteps } from '../../src/core/result.js';
import { listSieveScripts } from '../../src/protocols/sieve-session.js';
import { probeStep, remainingMs } from '../../src/checkkit/probe.js';
import { cyrusEndpoint, isOutcome, testUser } from '../../src/checkkit/test-user.js';

export const sieveScriptCheck: Check = {
  id: 'mailbox/sieve-script',
  title: "Test user's sieve script",
  roles: ['groupware'],
  proves:
    'the test user logs in to timsieved (ManageSieve, port from cyrus.conf) and LISTSCRIPTS shows an active script',
  catches: [
    "the test user's only sieve script is inactive: OX filters, vacation and forwards do not run",
    'the test user has no sieve script at all',
    "timsieved refuses the test user's password (saslauthd, sasl_* options)",
    'timsieved down: connection refused',
    'cyrus.conf starts no timsieved',
  ],
  misses: [
    "a script that does not compile or does the wrong thing (not read; sieveshell, then 'get NAME')",
    'lmtpd failing to run the script at delivery (not seen; maillog / cyrus log on the host)',
    "other users' scripts (only the test user's are listed)",
    "OX's mail filter pointing at another ManageSieve host or port (not read; OX's mailfilter.properties)",
  ],
  timeoutMs: 15_000,
  async run(ctx) {
    const user = testUser(ctx);
    if (isOutcome(user)) return user;
    const endpoint = await cyrusEndpoint(ctx, 'timsieved');
    if (isOutcome(endpoint)) return endpoint;
    const result = await listSieveScripts(endpoint.open, user, { signal: ctx.signal, timeoutMs: remainingMs(ctx) });
    const step = probeStep(
      ctx,
      {
        name: endpoint.target,
        what: `ManageSieve login of ${user.login}`,
        service: 'cyrus timsieved',
        target: endpoint.target,
        ok: ({ scripts, loginMs }) => {
          const active = scripts.find((s) => s.active);
          if (active)
            return {
              status: 'ok',
              summary: `${user.login} has the active sieve script "${active.name}" at ${endpoint.target} (login ${loginMs} ms)`,
            };
          const names = scripts.map((s) => `"${s.name}"`).join(', ');
          return {
            status: 'warn',
            summary: `${user.login} has no active sieve script at ${endpoint.target} (${scripts.length === 0 ? 'no scripts' : `inactive: ${names}`})`,
            hint: "OX filter rules, vacation notices and forwards do not run: save the user's mail filter once in OX, or activate the script (sieveshell: activate NAME)",
          };
        },
      },
      result,
    );
    const hint =
      !result.ok && result.failure === 'auth'
        ? `timsieved refused ${user.login}'s password while IMAP may accept it: check saslauthd and sasl_* options in /etc/imapd.conf on ${ctx.host.name}`
        : step.hint;
    return fromSteps([step], hint ? { hint } : {});
  },
};
