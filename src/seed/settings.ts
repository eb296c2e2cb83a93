// Every setting the seed requires, by host role: the tables of the deployment guide as data.
import type { Role } from '../core/host.js';
import { AMAVIS_SETTINGS } from './amavis.js';
import { CYRUS_SETTINGS, SEED_FOLDERS_TEXT } from './cyrus.js';
import { LDAPSYNC_SETTINGS } from './ldapsync.js';
import { KRB5_SETTINGS, MAP_SETTINGS } from './maps-kerberos.js';
import { MAIN_CF_SETTINGS } from './postfix-main.js';
import { MASTER_CF_SETTINGS } from './postfix-master.js';
import type { SeedSetting } from './types.js';

export type { SeedSetting } from './types.js';
export { NOT_COMPARED } from './not-compared.js';

export const SEED_SETTINGS: readonly SeedSetting[] = [
  ...MAIN_CF_SETTINGS,
  ...MASTER_CF_SETTINGS,
  ...CYRUS_SETTINGS,
  ...AMAVIS_SETTINGS,
  ...LDAPSYNC_SETTINGS,
  ...MAP_SETTINGS,
  ...KRB5_SETTINGS,
];

export const SEED_SETTING_IDS: ReadonlySet<string> = new Set(SEED_SETTINGS.map((s) => s.id));

// The folders the seed has cyrus create in every INBOX.
export const SEED_FOLDERS: readonly string[] = SEED_FOLDERS_TEXT.split('|');

// The table a host follows: server B's (archive) where it is the archive, else server A's (groupware), and the
// relay's; a host with several roles gets each of their tables.
export function settingsFor(roles: readonly Role[]): SeedSetting[] {
  const tables: Role[] = [];
  if (roles.includes('relay')) tables.push('relay');
  if (roles.includes('archive')) tables.push('archive');
  else if (roles.includes('groupware')) tables.push('groupware');
  return SEED_SETTINGS.filter((s) => s.roles.some((r) => tables.includes(r)));
}
