// The shape of the seed's settings tables: what a host of each role must have, where, and why.
import type { Role } from '../core/host.js';

// Where a setting lives. main.cf is read with postconf (defaults count); the rest from the files themselves.
export type SeedSource =
  'main.cf' | 'master.cf' | 'imapd.conf' | 'amavisd.conf' | 'ldapsync' | 'ldap-map' | 'krb5.conf';

// How a value is compared with the seed's:
// exact     whitespace-collapsed text equality       switch   both read as the same yes/no (1, yes, on, true ...)
// ci        exact, ignoring case (LDAP attributes)    number   numeric equality, "1024*1024" evaluated
// seconds   postfix time values ("1200" = "1200s")    list     postfix list, same items in the same order
// set       the same items in any order (separator)   contains at least the seed's items, more allowed
// substring the seed's text appears in the value   nospace  equal once all whitespace is removed
export type Comparison =
  'exact' | 'switch' | 'ci' | 'number' | 'seconds' | 'list' | 'set' | 'contains' | 'substring' | 'nospace';

// A master.cf service as the seed writes it: by name and type, or (inet listeners) by port.
export interface ServiceRef {
  readonly name: string; // as the seed writes it: "smtp-amavis", "127.0.0.1:10025", "localhost:11025"
  readonly type: 'inet' | 'unix';
  readonly port?: number; // inet listeners whose address part differs per site (localhost vs 127.0.0.1)
}

export interface SeedSetting {
  // Stable; what seedDeviations in the config names. Unique within a role: the relay's and server A's
  // mydestination are one setting, "main.cf/mydestination", with each table's value.
  readonly id: string;
  readonly roles: readonly Role[]; // relay; groupware = server A; archive = server B
  readonly source: SeedSource;
  readonly key: string; // the option name as the host's file spells it
  readonly aliases?: readonly { readonly key: string; readonly expected: string }[]; // other versions' spelling
  readonly expected: string | null; // null: the seed leaves it unset (commented out)
  readonly comparison: Comparison;
  readonly separator?: string; // for set and contains on non-postfix values ("|" in imapd.conf)
  readonly service?: ServiceRef; // master.cf
  readonly file?: string; // ldapsync and ldap-map: the file's name; ldapsync mapping files via their conf
  readonly severity: 'warn' | 'crit'; // crit: mail is bounced, lost or refused when it drifts
  readonly risk: string; // what a drift does, in a few words
  readonly reason: string; // the seed's own words for why it is set so
}

// An option the seed sets that is not compared, and why.
export interface NotCompared {
  readonly source: SeedSource;
  readonly key: string; // with its file or service where that matters: "master.cf smtpcopy -o myhostname"
  readonly why: string;
}
