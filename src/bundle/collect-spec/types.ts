// What `oxdoctor bundle` collects, declared as data per component (sos plugins: guards, copy lists, commands,
// forbidden paths). The collector (the lead's) reads these; nothing here runs anything.

export type BundleComponent =
  | 'system'
  | 'postfix'
  | 'amavis'
  | 'clamav'
  | 'cyrus'
  | 'sasl-pam'
  | 'kerberos'
  | 'ldap-client'
  | 'ox'
  | 'oxldapsync'
  | 'apache'
  | 'cron'
  | 'syslog'
  | 'logs';

// When a component (or one item) applies to a host: always, when any of these paths exists, or when a
// command is found on the host (`command -v` in sh, PATH plus the sbin directories).
export type Guard =
  | { readonly kind: 'always' }
  | { readonly kind: 'anyPath'; readonly paths: readonly string[] }
  | { readonly kind: 'command'; readonly name: string };

// Values the collector fills in: {path} (a forEach path), {oxContext}, {oxAdmin} from the site's config.
export type Placeholder = 'path' | 'oxContext' | 'oxAdmin';
// Secrets the collector puts into a command's environment (never argv), from the site's config.
export type SecretRef = 'oxAdminPassword';

export interface Limits {
  readonly maxBytes: number;
  readonly timeoutMs: number;
}

// Files to copy: absolute paths or globs (`*`, `?`; no braces: the host's sh is POSIX). Paths that do not
// exist are skipped silently; a path that is secret-only (secrets.ts) is listed by metadata instead.
export interface FilesItem extends Limits {
  readonly kind: 'files';
  readonly paths: readonly string[];
  readonly guard?: Guard;
}

// A command's output (stdout; stderr kept beside it). Commands are read-only by construction.
export interface CommandItem extends Limits {
  readonly kind: 'command';
  readonly name: string; // the file name in the archive: "<host>/commands/<component>/<name>.txt"
  readonly argv: readonly string[]; // may hold {placeholders}
  readonly guard?: Guard;
  readonly env?: Readonly<Record<string, SecretRef>>;
  // Run once per existing path of these globs, with {path} filled in (klist -k per keytab).
  readonly forEach?: readonly string[];
  // Commands that need the site's OX admin: skipped when the config names none.
  readonly needs?: readonly Placeholder[];
}

// Files whose whole content is a secret: never read, only listed (mode, owner, size, mtime).
export interface MetadataItem {
  readonly kind: 'metadata';
  readonly paths: readonly string[];
  readonly timeoutMs: number;
}

// The logs of the logs issue (src/logs discovery), rotated and gzip'd ones included, within --since.
export interface LogsItem {
  readonly kind: 'logs';
  readonly sources: 'all' | readonly string[]; // LogSource.source names: "maillog", "ox", "oxldapsync" ...
  readonly maxBytesPerFile: number; // a bigger file is cut to its lines within --since, then tailed
  readonly timeoutMs: number;
}

// Files named by another file (postfix's maps in main.cf and master.cf): derived by the collector through
// a function of this folder (postfix-maps.ts), then copied or listed like FilesItem / MetadataItem.
export interface DerivedItem extends Limits {
  readonly kind: 'derived';
  readonly from: 'postfix-maps';
}

export type CollectItem = FilesItem | CommandItem | MetadataItem | LogsItem | DerivedItem;

export interface ComponentSpec {
  readonly name: BundleComponent;
  readonly title: string;
  readonly guard: Guard;
  readonly items: readonly CollectItem[];
}

const KiB = 1024;
const MiB = 1024 * KiB;

// Default limits per kind of item.
export const CONFIG: Limits = { maxBytes: 1 * MiB, timeoutMs: 10_000 };
export const COMMAND: Limits = { maxBytes: 4 * MiB, timeoutMs: 20_000 };
export const BIG_COMMAND: Limits = { maxBytes: 16 * MiB, timeoutMs: 60_000 };
export const LOG_FILE_MAX = 50 * MiB;
export const METADATA_TIMEOUT = 10_000;
