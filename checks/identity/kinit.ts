// identity/kinit: the test user gets a Kerberos ticket from this host, with the host's kinit and krb5.conf.
import type { Check, CheckContext } from '../../src/core/check.js';
import { crit, ok, unknown, type Metric } from '../../src/core/result.js';
import { krb5Conf } from '../../src/facts/krb5-conf.js';
import { classifyKinit, explainKinit } from '../../src/kerberos/kinit-errors.js';
import { kdcsOf, principalOf } from '../../src/kerberos/principal.js';
import { parseEpoch } from '../host/clock.js';

export const kinitCheck: Check = {
  id: 'identity/kinit',
  title: 'Kerberos login (kinit)',
  roles: ['groupware'],
  proves: "the test user gets a ticket from this host's KDCs with this host's kinit and krb5.conf",
  timeoutMs: 20_000,
  async run(ctx) {
    const user = ctx.site.testUser;
    if (!user) return unknown('no testUser in the config: nothing to kinit with', { hint: 'add testUser (login, address, password) to the config' });
    if (!user.password) return unknown(`testUser ${user.login} has no password in the config`, { hint: 'add testUser.password, e.g. { file: /path/to/pw }' });
    if (/[\r\n\0]/.test(user.login)) return unknown(`testUser login ${JSON.stringify(user.login)} contains CR, LF or NUL: refusing to pass it to kinit`);
    // kinit reads one line; a second one would become the "new password" of an expired account.
    if (/[\r\n\0]/.test(user.password.reveal())) return unknown(`the password of testUser ${user.login} contains CR, LF or NUL: kinit reads a single line`);

    const conf = await krb5Conf(ctx);
    const principal = principalOf(user.login, conf?.defaultRealm ?? ctx.site.endpoints.kerberos?.realm);
    const kdcs = kdcsOf(conf, principal.realm);
    ctx.record('realm and KDCs', `principal ${principal.text}\nrealm ${principal.realm ?? '(default of kinit)'}\nKDCs ${kdcs}`);
    const offset = await clockOffset(ctx);

    // MEMORY: keeps the ticket inside the kinit process: nothing is left on the host to kdestroy.
    const r = await ctx.exec(['kinit', '--', principal.text], {
      stdin: `${user.password.reveal()}\n`,
      env: { KRB5CCNAME: 'MEMORY:', LC_ALL: 'C' },
    });
    const metrics: Metric[] = [{ label: 'kinit_time', value: Math.round(r.durationMs) / 1000, unit: 's', min: 0 }];
    if (offset !== null) metrics.push({ label: 'offset', value: offset, unit: 's' });
    const extra = { metrics };
    const clock = offset === null ? '' : `; ${ctx.host.name} is ${Math.abs(offset)} s ${offset >= 0 ? 'ahead of' : 'behind'} oxdoctor's clock`;

    if (r.timedOut) {
      return crit(`kinit ${principal.text} on ${ctx.host.name} did not return in time (KDCs ${kdcs})`, {
        ...extra,
        hint: `the KDCs do not answer from ${ctx.host.name}: check a firewall on port 88 (UDP and TCP) and that the KDCs run`,
      });
    }
    if (r.code === 127) return unknown(`kinit is not installed on ${ctx.host.name}`, { ...extra, hint: `install the MIT client (krb5-user / krb5-workstation) on ${ctx.host.name}` });
    if (r.code === 0) return ok(`${principal.text} got a ticket from ${kdcs} in ${Math.round(r.durationMs)} ms${clock}`, extra);

    const output = `${r.stdout}\n${r.stderr}`;
    const { kind, line: said } = classifyKinit(output);
    const text = explainKinit(kind, principal.text, ctx.host.name, kdcs);
    const summary = kind === 'other' ? `${text.cause}: ${said}` : `kinit on ${ctx.host.name}: ${text.cause} ("${said}")${kind === 'clock-skew' ? clock : ''}`;
    return crit(summary, { ...extra, hint: text.hint });
  },
};

// One `date` sample as host/clock takes it; null when the host's date cannot be read.
async function clockOffset(ctx: CheckContext): Promise<number | null> {
  const before = Date.now();
  const r = await ctx.exec(['date', '-u', '+%s.%N']);
  const after = Date.now();
  const remote = r.code === 0 ? parseEpoch(r.stdout) : null;
  return remote === null ? null : Math.round((remote - (before + after) / 2000) * 1000) / 1000;
}
