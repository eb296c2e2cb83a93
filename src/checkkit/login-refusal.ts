// Why imapd refused the test user's password, found out before blaming the password: imapd.conf's password
// checker (sasl_pwcheck_method), the saslauthd it asks (alive, socket, mechanism), and whether the same
// password gets a Kerberos ticket with the host's kinit. null when none of it tells more than "refused".
import type { CheckContext } from '../core/check.js';
import { DEFAULT_SASLAUTHD_SOCKET } from '../cyrus/saslauthd.js';
import { imapdOption } from '../cyrus/imapd-conf.js';
import { imapdConf } from '../facts/imapd-conf.js';
import { saslauthdState, type SaslauthdState } from '../facts/saslauthd.js';
import { testUserKinit } from '../facts/test-user-kinit.js';
import { explainKinit } from '../kerberos/kinit-errors.js';

export interface Refusal {
  readonly summary: string;
  readonly hint: string;
}

// `refused`: the login failure's own sentence ("IMAP login of test1001 at ... refused the credentials (...)").
export async function explainRefusal(ctx: CheckContext, login: string, refused: string): Promise<Refusal | null> {
  const imapd = await imapdConf(ctx);
  const method = (imapd ? imapdOption(imapd, 'sasl_pwcheck_method') : undefined) ?? 'auxprop';
  const socket = (imapd ? imapdOption(imapd, 'sasl_saslauthd_path') : undefined) ?? DEFAULT_SASLAUTHD_SOCKET;
  const viaSaslauthd = /\bsaslauthd\b/.test(method);
  const [kinit, sasl] = await Promise.all([
    testUserKinit(ctx),
    viaSaslauthd ? saslauthdState(ctx, socket) : Promise.resolve(null),
  ]);
  const host = ctx.host.name;
  const good = kinit.kind === 'ticket' ? `${login}'s password is good: kinit ${kinit.principal} gets a ticket` : null;
  if (sasl) {
    const found = saslauthdCause(sasl, host, good);
    if (found) return found;
  }
  if (kinit.kind === 'refused' && kinit.error.kind !== 'other') {
    const text = explainKinit(kinit.error.kind, kinit.principal, host, kinit.kdcs);
    const account = !['kdc-unreachable', 'clock-skew'].includes(kinit.error.kind);
    // A KDC out of reach explains the refusal only where saslauthd asks Kerberos (kerberos5, or PAM's pam_krb5).
    const kerberosBehind = sasl !== null && ['kerberos5', 'pam', undefined].includes(mechOf(sasl));
    if (account) return { summary: `${refused}; kinit with the same password: ${text.cause}`, hint: text.hint };
    if (kerberosBehind) {
      const mech = mechOf(sasl);
      return {
        summary: `imapd refused ${login}: saslauthd (${mech ? `mech ${mech}, ` : ''}socket ${socket}) cannot check passwords with Kerberos: ${text.cause} (kinit with the same password fails alike)`,
        hint: text.hint,
      };
    }
  }
  if (good && sasl) {
    const mech = mechOf(sasl);
    return {
      summary: `imapd refused ${login} although ${good}: saslauthd (${mech ? `mech ${mech}, ` : ''}socket ${socket}) runs and answers but refuses it${sasl.log.lastFailure ? `; its log: ${sasl.log.lastFailure}` : ''}`,
      hint: mechHint(mech, login),
    };
  }
  if (good) {
    return {
      summary: `imapd refused ${login} although ${good}: imapd checks passwords with sasl_pwcheck_method ${method}, not with Kerberos`,
      hint: `set sasl_pwcheck_method: saslauthd in /etc/imapd.conf with saslauthd -a kerberos5 running (as the deployment guide does), or give ${login} a password in that store`,
    };
  }
  return null;
}

// The mechanism saslauthd runs (or last ran) with: its command line, else its log, else its service settings.
function mechOf(sasl: SaslauthdState): string | undefined {
  return sasl.running?.mech ?? sasl.log.mech ?? sasl.service[0]?.settings.mech;
}

function saslauthdCause(sasl: SaslauthdState, host: string, good: string | null): Refusal | null {
  const mech = mechOf(sasl);
  const label = `saslauthd (${mech ? `mech ${mech}, ` : ''}socket ${sasl.socket})`;
  const proof = good ? ` (${good})` : '';
  if (sasl.pid === null) {
    const service = sasl.service[0];
    const notes: string[] = [];
    if (service?.settings.disabled) notes.push(`${service.path} has START=no, so it does not start at boot`);
    if (service?.settings.mech && mech && service.settings.mech !== mech)
      notes.push(
        `note ${service.path} says ${service.settings.says ?? service.settings.mech} while it last ran with ${mech}: the init script would start it with ${service.settings.mech}`,
      );
    if (sasl.elsewhere.length > 0)
      notes.push(
        `a saslauthd runs with another socket directory (${sasl.elsewhere[0]}): compare with sasl_saslauthd_path`,
      );
    const stopped = sasl.log.exited ? ` (its log says the master exited at ${sasl.log.exited})` : '';
    return {
      summary: `${label} is not running: every IMAP password login on ${host} fails${proof}`,
      hint: [
        `start saslauthd on ${host} (service saslauthd start; chkconfig saslauthd on) and find why it stopped in /var/log/messages${stopped}`,
        ...notes,
      ].join('; '),
    };
  }
  if (sasl.socketState === 'accepts' || sasl.socketState === 'untested') return null;
  const what =
    sasl.socketState === 'missing'
      ? 'is missing'
      : sasl.socketState === 'not-a-socket'
        ? 'is not a socket'
        : `refuses connections (${sasl.socketError ?? 'connect failed'})`;
  const dir = sasl.running?.socketDir;
  return {
    summary: `${label} runs (pid ${sasl.pid}) but its socket ${what}: every IMAP password login on ${host} fails${proof}`,
    hint: `restart saslauthd on ${host}${dir ? ` and compare its -m ${dir} with sasl_saslauthd_path in /etc/imapd.conf` : ''}`,
  };
}

function mechHint(mech: string | undefined, login: string): string {
  const test = `testsaslauthd -u ${login} -s imap on the host asks it directly`;
  if (mech === 'kerberos5')
    return `saslauthd -a kerberos5 verifies each ticket with the host's key: check host/<fqdn> in its keytab (klist -k /etc/krb5.keytab) and its log in /var/log/messages; ${test}`;
  if (mech === 'pam') return `check the PAM stack saslauthd uses (/etc/pam.d/imap: pam_krb5) and its log; ${test}`;
  return `check saslauthd's mechanism settings and its log in /var/log/messages; ${test}`;
}
