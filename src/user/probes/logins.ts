// user/logins: the user's own IMAP logins on each groupware host's imapd, PLAIN over STARTTLS and Kerberos (GSSAPI),
// with the password the engineer gave (--password-stdin): the catalogue's mailbox/imap-login as this user, which also
// traces a refused password to its cause (saslauthd, an expired account, the KDC). Without the password nothing logs in:
// a proxy login as the imapAdmin would make cyrus autocreate the mailbox of a user who never logged in (a write), and
// proves imapd only; user/mailbox reads the mailbox as the admin instead. The result says how to try the logins.
import { imapLoginCheck } from '../../../checks/mailbox/imap-login/index.js';
import type { Check, CheckContext } from '../../core/check.js';
import { ok, unknown, type Outcome } from '../../core/result.js';
import { elided, elidedOutcome } from '../kerberos/elided.js';
import { unsafeLogin } from '../kerberos/user-principal.js';
import { siteForUser, type UserTarget } from '../target.js';

export function loginsProbe(target: UserTarget): Check {
  return {
    id: 'user/logins',
    title: `IMAP logins of ${elided(target.login)}`,
    roles: ['groupware'],
    proves: `with the password, ${elided(target.login)} logs in to the host's imapd (PLAIN over STARTTLS, and GSSAPI where offered); without it, the result names the logins not tried`,
    catches: [
      "the user's password refused by imapd, with kinit's reason for the same password (wrong, expired, disabled)",
      'saslauthd not running: every password login refused, named with its mechanism and socket',
      'without the password: the logins not tried, named, with how to try them (--password-stdin)',
    ],
    misses: [
      "without the password: the user's own PLAIN and GSSAPI logins (not tried: a proxy login would autocreate a mailbox)",
      'the rest of what mailbox/imap-login misses: other clients, OX webmail logins',
    ],
    ...(imapLoginCheck.requires ? { requires: imapLoginCheck.requires } : {}),
    timeoutMs: imapLoginCheck.timeoutMs ?? 15_000,
    run: async (ctx) => elidedOutcome(await run({ ...ctx, site: siteForUser(ctx.site, target) }, target), target.login),
  };
}

async function run(ctx: CheckContext, target: UserTarget): Promise<Outcome> {
  const host = ctx.host.name;
  const { login } = target;
  if (unsafeLogin(login))
    return unknown(`${host}: the login ${JSON.stringify(login)} contains CR, LF or NUL: not sent to imapd`, {
      hint: 'give the login exactly as AD has it (sAMAccountName)',
    });
  const hasPassword = ctx.site.testUser?.password !== undefined;
  const notTried = `${login}'s own IMAP logins (PLAIN, GSSAPI) were not tried: give the password with --password-stdin`;
  if (!hasPassword) return ok(`${host}: ${notTried}`);
  const outcome = await imapLoginCheck.run(ctx);
  return { ...outcome, summary: `${host}: ${outcome.summary}` };
}
