// Whether the test user's configured password is good for Kerberos, asked with the host's own kinit and
// krb5.conf (password on stdin, ticket kept in the kinit process: nothing is left on the host). Used to tell
// a wrong password from a broken password checker when imapd refuses a login.
import type { CheckContext } from '../core/check.js';
import { classifyKinit, type KinitError } from '../kerberos/kinit-errors.js';
import { kdcsOf, principalOf } from '../kerberos/principal.js';
import { factKey, memo } from './context.js';
import { krb5Conf } from './krb5-conf.js';

export type TestUserKinit =
  | { readonly kind: 'ticket'; readonly principal: string }
  | { readonly kind: 'refused'; readonly principal: string; readonly kdcs: string; readonly error: KinitError }
  | { readonly kind: 'untested'; readonly why: string };

export const TEST_USER_KINIT_FACT = factKey<TestUserKinit>('kinit.test-user');

export function testUserKinit(ctx: CheckContext): Promise<TestUserKinit> {
  return memo(ctx, TEST_USER_KINIT_FACT, async () => {
    const user = ctx.site.testUser;
    const password = user?.password?.reveal();
    if (!user || password === undefined) return { kind: 'untested', why: 'no test user password configured' };
    // kinit reads one line; a second one would become the "new password" of an expired account.
    if (/[\r\n\0]/.test(user.login + password)) return { kind: 'untested', why: 'login or password spans lines' };
    const conf = await krb5Conf(ctx);
    const { text: principal, realm } = principalOf(
      user.login,
      conf?.defaultRealm ?? ctx.site.endpoints.kerberos?.realm,
    );
    const r = await ctx.exec(['kinit', '--', principal], {
      stdin: `${password}\n`,
      env: { KRB5CCNAME: 'MEMORY:', LC_ALL: 'C' },
    });
    if (r.timedOut) return { kind: 'untested', why: `kinit ${principal} did not return in time` };
    if (r.code === 127) return { kind: 'untested', why: `no kinit on ${ctx.host.name}` };
    if (r.code === 0) return { kind: 'ticket', principal };
    const error = classifyKinit(`${r.stdout}\n${r.stderr}`);
    return { kind: 'refused', principal, kdcs: kdcsOf(conf, realm), error };
  });
}
