// A log line as one of the user's events: a delivery to it (cyrus' "Delivered:" into its mailbox, postfix's
// status=sent to one of its addresses), a login (cyrus' "login:", smtpd's sasl_username=), or a failed login
// (cyrus' badlogin, smtpd's "SASL ... authentication failed", saslauthd's and pam_krb5's auth failure).
import { CYRUS_PROGRAM } from '../../logs/cyrus.js';
import { SASL_PROGRAM } from '../../logs/sasl.js';
import type { LogLine } from '../../logs/types.js';
import type { AddressOwner } from './user-address.js';

export type EventKind = 'delivery' | 'login' | 'failed-login';

export interface UserEvent {
  readonly kind: EventKind;
  readonly time: number; // epoch ms
  readonly what: string; // "cyrus/lmtpunix into user.test1001", "cyrus/imap PLAIN+TLS from 127.0.10.2"
  // failed logins: 'auth' for the authentication service's own line (saslauthd, pam_krb5), 'server' for the
  // server's (cyrus, smtpd): one wrong password usually writes one of each.
  readonly family?: 'auth' | 'server';
  readonly reason?: string;
  readonly line: LogLine;
}

export function userEvent(line: LogLine, login: string, owns: AddressOwner): UserEvent | undefined {
  if (line.time === undefined || line.program === undefined) return undefined;
  const { fields, program } = line;
  const isUser = (name: string | undefined): boolean => name !== undefined && sameLogin(name, login);
  const base = { time: line.time, line };
  const from = fields.client_ip ? ` from ${fields.client_ip}` : '';
  if (CYRUS_PROGRAM.test(program)) {
    if (line.kind === 'delivered' && isUser(fields.user))
      return { ...base, kind: 'delivery', what: `${program} into ${fields.mailbox ?? fields.user}` };
    if (line.kind === 'login' && isUser(fields.user))
      return { ...base, kind: 'login', what: `${program} ${fields.mech ?? ''}${from}`.replace('  ', ' ') };
    if (line.kind === 'badlogin' && isUser(fields.user))
      return { ...base, kind: 'failed-login', family: 'server', what: `${program}${from}`, ...reason(fields.reason) };
    return undefined;
  }
  if (program.startsWith('postfix')) {
    if (line.kind === 'delivered' && [fields.to, fields.orig_to].some((a) => a !== undefined && owns(a)))
      return { ...base, kind: 'delivery', what: `${program} to=<${fields.to}> relay=${fields.relay ?? '?'}` };
    if (line.kind === 'client' && isUser(fields.sasl_username))
      return { ...base, kind: 'login', what: `${program} SMTP AUTH ${fields.sasl_method ?? ''} from ${fields.client}` };
    if (line.kind === 'auth-failed' && isUser(fields.sasl_username))
      return {
        ...base,
        kind: 'failed-login',
        family: 'server',
        what: `${program} from ${fields.client}`,
        ...reason(fields.reason),
      };
    return undefined;
  }
  if (SASL_PROGRAM.test(program) && line.kind === 'auth-failure' && isUser(fields.user)) {
    const service = fields.service ? ` (service ${fields.service})` : '';
    return { ...base, kind: 'failed-login', family: 'auth', what: `${program}${service}`, ...reason(fields.reason) };
  }
  return undefined;
}

// "test1001", "TEST1001", "test1001@AD.EXAMPLE.COM" (a principal) are the login test1001.
function sameLogin(name: string, login: string): boolean {
  const n = name.toLowerCase();
  const l = login.toLowerCase();
  return n === l || (n.startsWith(`${l}@`) && !n.slice(l.length + 1).includes('@'));
}

function reason(text: string | undefined): { reason?: string } {
  return text ? { reason: text } : {};
}
