// The bundle's collection spec: every component, in the order the collector runs them. Config files come
// before commands and logs, so secrets the rules find in them are known when the logs stream past.
import { AMAVIS, CLAMAV } from './amavis-clamav.js';
import { APACHE } from './apache.js';
import { CRON } from './cron.js';
import { CYRUS } from './cyrus.js';
import { KERBEROS } from './kerberos.js';
import { LDAP_CLIENT } from './ldap-client.js';
import { LOGS } from './logs.js';
import { OX } from './ox.js';
import { OXLDAPSYNC } from './oxldapsync.js';
import { POSTFIX } from './postfix.js';
import { SASL_PAM } from './sasl-pam.js';
import { SECRET_ONLY_GLOBS } from './secrets.js';
import { SYSLOG } from './syslog.js';
import { SYSTEM } from './system.js';
import { METADATA_TIMEOUT, type ComponentSpec } from './types.js';

// Every secret-only file, wherever no component lists it: metadata of all of them, once per host.
export const SECRET_FILES: ComponentSpec = {
  name: 'system',
  title: 'Secret files (metadata only)',
  guard: { kind: 'always' },
  items: [{ kind: 'metadata', paths: SECRET_ONLY_GLOBS, timeoutMs: METADATA_TIMEOUT }],
};

export const COLLECT_SPEC: readonly ComponentSpec[] = [
  POSTFIX,
  AMAVIS,
  CLAMAV,
  CYRUS,
  SASL_PAM,
  KERBEROS,
  LDAP_CLIENT,
  OX,
  OXLDAPSYNC,
  APACHE,
  CRON,
  SYSLOG,
  SYSTEM,
  SECRET_FILES,
  LOGS,
];

export { isSecretOnly, SECRET_ONLY_GLOBS } from './secrets.js';
export { postfixMapFiles } from './postfix-maps.js';
export type * from './types.js';
