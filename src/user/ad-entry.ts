// One AD user entry as `oxdoctor user` reads it: names, addresses, the OX class the seed's sync filters give it, and
// the account state (userAccountControl, accountExpires, pwdLastSet). Pure: parses an ldapts entry, asks nothing.
import { allValues, firstValue } from '../protocols/ad-directory.js';

export const AD_USER_ATTRIBUTES = [
  'objectClass',
  'sAMAccountName',
  'userPrincipalName',
  'mail',
  'proxyAddresses',
  'extensionAttribute1',
  'userAccountControl',
  'accountExpires',
  'pwdLastSet',
];

// The seed's oxldapsync filters: ldapsync-ads.conf takes (&(objectclass=user)(mail=*)(extensionAttribute1=*)),
// ldapsync-infostore-ads.conf the same with (!(extensionAttribute1=*)); anything else the sync leaves alone.
export type OxUserClass = 'full-ox-user' | 'infostore-only' | 'not-ox-user';

export const UAC = {
  disabled: 0x2,
  locked: 0x10,
  passwordNeverExpires: 0x10000,
  passwordExpired: 0x800000,
} as const;

export interface AccountState {
  readonly userAccountControl: number | undefined;
  readonly disabled: boolean;
  readonly locked: boolean;
  readonly passwordExpired: boolean; // the UAC flag
  readonly passwordNeverExpires: boolean;
  readonly mustChangePassword: boolean; // pwdLastSet 0: AD makes the user change it at the next logon
  readonly accountExpires: Date | 'never' | undefined; // undefined: the attribute is absent or unreadable
  readonly passwordLastSet: Date | undefined;
  readonly passwordAgeDays: number | undefined;
}

export interface AdUserEntry {
  readonly dn: string;
  readonly sAMAccountName: string | undefined;
  readonly userPrincipalName: string | undefined;
  readonly mail: string | undefined;
  readonly proxyAddresses: readonly string[]; // as stored, prefix kept ("SMTP:a@b", "X500:...")
  readonly smtpAddresses: readonly string[]; // mail and every smtp: proxy address, deduplicated, primary first
  readonly extensionAttribute1: string | undefined;
  readonly oxClass: OxUserClass;
  readonly account: AccountState;
}

type RawEntry = Record<string, unknown> & { dn: string };

export function parseAdUserEntry(entry: RawEntry, now: Date = new Date()): AdUserEntry {
  const mail = firstValue(entry, 'mail');
  const proxyAddresses = allValues(entry, 'proxyAddresses');
  const extensionAttribute1 = firstValue(entry, 'extensionAttribute1');
  const isUser = allValues(entry, 'objectClass').some((c) => c.toLowerCase() === 'user');
  return {
    dn: entry.dn,
    sAMAccountName: firstValue(entry, 'sAMAccountName'),
    userPrincipalName: firstValue(entry, 'userPrincipalName'),
    mail,
    proxyAddresses,
    smtpAddresses: smtpAddresses(mail, proxyAddresses),
    extensionAttribute1,
    oxClass: oxUserClass(isUser, mail, extensionAttribute1),
    account: accountState(entry, now),
  };
}

// An empty value does not match `attr=*` in LDAP; ldapts does not return it either, so presence is enough.
export function oxUserClass(isUser: boolean, mail: string | undefined, ext1: string | undefined): OxUserClass {
  if (!isUser || !mail) return 'not-ox-user';
  return ext1 !== undefined ? 'full-ox-user' : 'infostore-only';
}

function smtpAddresses(mail: string | undefined, proxies: readonly string[]): string[] {
  const primary = proxies.filter((p) => p.startsWith('SMTP:')).map((p) => p.slice(5));
  const others = proxies.filter((p) => /^smtp:/i.test(p) && !p.startsWith('SMTP:')).map((p) => p.slice(5));
  const seen = new Set<string>();
  return [...(mail ? [mail] : []), ...primary, ...others].filter((a) => {
    const key = a.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function accountState(entry: Record<string, unknown>, now: Date): AccountState {
  const uacText = firstValue(entry, 'userAccountControl');
  const uac = uacText !== undefined && /^\d+$/.test(uacText.trim()) ? Number(uacText.trim()) : undefined;
  const flag = (bit: number) => uac !== undefined && (uac & bit) !== 0;
  const pwdLastSet = firstValue(entry, 'pwdLastSet')?.trim();
  const passwordLastSet = pwdLastSet && pwdLastSet !== '0' ? fileTimeToDate(pwdLastSet) : undefined;
  return {
    userAccountControl: uac,
    disabled: flag(UAC.disabled),
    locked: flag(UAC.locked),
    passwordExpired: flag(UAC.passwordExpired),
    passwordNeverExpires: flag(UAC.passwordNeverExpires),
    mustChangePassword: pwdLastSet === '0',
    accountExpires: accountExpires(firstValue(entry, 'accountExpires')),
    passwordLastSet,
    passwordAgeDays: passwordLastSet ? Math.floor((now.getTime() - passwordLastSet.getTime()) / 86_400_000) : undefined,
  };
}

const NEVER = 0x7fffffffffffffffn;

// accountExpires: 0 and 0x7FFFFFFFFFFFFFFF both mean never (AD writes either).
export function accountExpires(value: string | undefined): Date | 'never' | undefined {
  const v = value?.trim();
  if (!v || !/^\d+$/.test(v)) return undefined;
  const n = BigInt(v);
  if (n === 0n || n === NEVER) return 'never';
  return fileTimeToDate(v);
}

// Windows FILETIME: 100 ns intervals since 1601-01-01 UTC. undefined when not a number or beyond JS dates.
export function fileTimeToDate(value: string): Date | undefined {
  if (!/^\d+$/.test(value.trim())) return undefined;
  const ms = Number(BigInt(value.trim()) / 10_000n) - 11_644_473_600_000;
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? undefined : d;
}
