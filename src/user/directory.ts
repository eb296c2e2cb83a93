// The directory hop of `oxdoctor user`: what AD says about the user, decided. Pure: takes findUser's answer.
import { crit, ok, unknown, warn, type Outcome, type Step } from '../core/result.js';
import type { AdUserEntry } from './ad-entry.js';
import type { UserIdentity } from './identity.js';

const CLASS_TEXT: Record<AdUserEntry['oxClass'], string> = {
  'full-ox-user': 'a full OX user (mail and extensionAttribute1: ldapsync-ads.conf)',
  'infostore-only': 'an infostore-only OX user (mail, no extensionAttribute1: ldapsync-infostore-ads.conf)',
  'not-ox-user': 'not an OX user (no mail: no sync configuration takes it)',
};

export function directoryOutcome(identity: UserIdentity, now: Date = new Date()): Outcome {
  if (identity.kind === 'not-found') {
    return unknown(`${identity.summary}: mail to it is refused and no login can work`, {
      hint: 'check the spelling; search AD by another address or the login (oxdoctor user LOGIN)',
    });
  }
  if (identity.kind === 'ambiguous') {
    const names = identity.candidates.map((c) => `${c.sAMAccountName ?? '?'} (${c.dn})`).join('; ');
    return unknown(`${identity.candidates.length} AD entries match '${identity.query}': ${names}`, {
      hint: 'give the login (sAMAccountName) of the one you mean; an address on two entries is itself a fault',
    });
  }
  const { entry } = identity;
  const steps = [accountStep(entry, now), ...contactSteps(identity)];
  const worstStep = steps.find((s) => s.status === 'crit') ?? steps.find((s) => s.status === 'warn');
  const who = `${entry.sAMAccountName ?? identity.query} (${entry.dn})`;
  const what = `${who} is ${CLASS_TEXT[entry.oxClass]}; ${entry.smtpAddresses.length} addresses`;
  if (!worstStep) return ok(`AD: ${what}; the account is usable`, { steps });
  const make = worstStep.status === 'crit' ? crit : warn;
  return make(`AD: ${worstStep.summary}`, { ...(worstStep.hint ? { hint: worstStep.hint } : {}), steps });
}

function accountStep(entry: AdUserEntry, now: Date): Step {
  const a = entry.account;
  const login = entry.sAMAccountName ?? entry.dn;
  const expired = a.accountExpires instanceof Date && a.accountExpires.getTime() <= now.getTime();
  const aduc = 'in Active Directory Users and Computers (or Set-ADUser)';
  if (a.disabled)
    return step('crit', `${login} is disabled (userAccountControl ${a.userAccountControl}): no login, no sync`, {
      hint: `enable the account ${aduc}, if it should work`,
    });
  if (a.locked)
    return step('crit', `${login} is locked out: every login fails until it is unlocked`, {
      hint: `unlock the account ${aduc}; then look for the client retrying an old password`,
    });
  if (expired)
    return step('crit', `the account ${login} expired on ${isoDay(a.accountExpires as Date)}`, {
      hint: `extend accountExpires ${aduc}`,
    });
  if (a.mustChangePassword || a.passwordExpired)
    return step(
      'warn',
      `${login} must change the password (${a.mustChangePassword ? 'pwdLastSet 0' : 'password expired'}): ` +
        'Kerberos and IMAP logins fail until it is changed',
      { hint: 'have the user change the password at a Windows logon, or set a new one in AD' },
    );
  const age = a.passwordAgeDays === undefined ? 'password age unknown' : `password set ${a.passwordAgeDays} days ago`;
  return step('ok', `${login} is enabled, not locked, ${accountExpiryText(a.accountExpires)}, ${age}`);
}

// The seed's adlocalrecipients contract: a user with an Exchange mailbox has a contact in the OX mail domain whose
// mailNickname is the login; that contact's address is where OX's copy goes.
function contactSteps(identity: Extract<UserIdentity, { kind: 'found' }>): Step[] {
  if (!identity.exchangeMailbox) return [];
  const login = identity.entry.sAMAccountName ?? identity.query;
  if (identity.entry.oxClass === 'not-ox-user' || identity.forwardingContacts.length === 0) {
    if (identity.entry.oxClass !== 'full-ox-user')
      return [
        step('ok', `the mailbox is in Exchange and OX has no mailbox for ${login}: no forwarding contact needed`),
      ];
    return [
      step('crit', `the Exchange user ${login} has no forwarding contact in the OX mail domain: OX gets no copy`, {
        hint: `create the contact with mail ${login}@<OX mail domain> and mailNickname ${login} (seed: adlocalrecipients)`,
      }),
    ];
  }
  return identity.forwardingContacts.map((c) =>
    c.nicknameIsLogin
      ? step('ok', `forwarding contact ${c.mail ?? c.dn} has mailNickname ${c.mailNickname}: the login`)
      : step(
          'crit',
          `forwarding contact ${c.mail ?? c.dn} has mailNickname ${c.mailNickname ?? '(none)'}, not the login ` +
            `${login}: the relay's adlocalrecipients map returns no mailbox and OX's copy bounces`,
          { hint: `set mailNickname of ${c.dn} to ${login}` },
        ),
  );
}

function step(status: Step['status'], summary: string, extra: { hint?: string } = {}): Step {
  return { name: 'directory', status, summary, ...extra };
}

function accountExpiryText(v: Date | 'never' | undefined): string {
  if (v === 'never') return 'never expires';
  if (v === undefined) return 'expiry unknown';
  return `expires ${isoDay(v)}`;
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);
