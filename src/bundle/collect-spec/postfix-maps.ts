// The map files a host's postfix names in main.cf and master.cf (-o overrides), to copy beside them; the
// tables of password parameters (smtp_sasl_password_maps ...) are listed by metadata only (sos's postfix
// plugin forbids them the same way; it missed the ldap maps' bind_pw, which redaction handles here).
import { expandParams, parseMainCf } from '../../postfix/main-cf.js';
import { mapInventory } from '../../postfix/map-inventory.js';
import { parseMasterCf } from '../../postfix/master-cf.js';
import { isPasswordParam, isSecretOnly } from './secrets.js';

// Types whose name is a file: the table source, or its client configuration (ldap, mysql, ...).
const FILE_TYPES = new Set([
  'hash',
  'btree',
  'dbm',
  'sdbm',
  'cdb',
  'lmdb',
  'texthash',
  'pcre',
  'regexp',
  'cidr',
  'ldap',
  'mysql',
  'pgsql',
  'sqlite',
  'memcache',
  'mongodb',
]);
// Indexed types: the database beside the source (binary, not copied; its metadata tells its age).
const DATABASE_SUFFIX: Readonly<Record<string, string>> = {
  hash: '.db',
  btree: '.db',
  dbm: '.pag',
  sdbm: '.pag',
  cdb: '.cdb',
  lmdb: '.lmdb',
};

export interface PostfixMapFiles {
  readonly copy: readonly string[]; // sources and client configs, to copy (and redact)
  readonly metadataOnly: readonly string[]; // password tables and every database file
}

export function postfixMapFiles(mainCfText: string, masterCfText: string): PostfixMapFiles {
  const main = parseMainCf(mainCfText);
  const params = new Map(main.params);
  if (!params.has('config_directory')) params.set('config_directory', '/etc/postfix');
  const expand = (v: string): string => expandParams(v, (n) => params.get(n));
  const uses = mapInventory(main.params, parseMasterCf(masterCfText), expand);
  const copy = new Set<string>();
  const metadataOnly = new Set<string>();
  for (const use of uses) {
    if (!FILE_TYPES.has(use.ref.type)) continue;
    const path = use.ref.name.replace(/^\/+/, '/');
    if (!path.startsWith('/')) continue;
    const db = DATABASE_SUFFIX[use.ref.type];
    if (db) metadataOnly.add(`${path}${db}`);
    if (isPasswordParam(use.param) || isSecretOnly(path)) metadataOnly.add(path);
    else copy.add(path);
  }
  for (const p of metadataOnly) copy.delete(p);
  return { copy: [...copy], metadataOnly: [...metadataOnly] };
}
