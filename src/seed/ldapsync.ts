// The seed's oxldapsync tables: ldapsync-ads.conf (OX users), ldapsync-infostore-ads.conf (filters swapped),
// and the feature sets of mapping.ads.conf and mapping-infostore.ads.conf.
import type { Role } from '../core/host.js';
import type { Comparison, SeedSetting } from './types.js';

const BOTH: readonly Role[] = ['groupware', 'archive'];
const OX_USERS = '(&(objectclass=user)(mail=*)(extensionAttribute1=*))';
const INFOSTORE_USERS = '(&(objectclass=user)(mail=*)(!(extensionAttribute1=*)))';

function sync(
  file: string,
  key: string,
  expected: string,
  comparison: Comparison,
  severity: SeedSetting['severity'],
  risk: string,
  reason: string,
): SeedSetting {
  return {
    id: `ldapsync/${file}/${key}`,
    roles: BOTH,
    source: 'ldapsync',
    file,
    key,
    expected,
    comparison,
    severity,
    risk,
    reason,
  };
}

function confSettings(file: string, userfilter: string, ignorefilter: string, users: string): SeedSetting[] {
  return [
    sync(
      file,
      'userfilter',
      userfilter,
      'ci',
      'crit',
      `another set of AD users is synced as ${users}; with deleteusers = yes the others are deleted from OX`,
      `the LDAP filter that must return all ${users}`,
    ),
    sync(
      file,
      'userignorefilter',
      ignorefilter,
      'ci',
      'warn',
      'the users the sync must leave alone change',
      'the LDAP filter that must return the users of the other sync',
    ),
    sync(
      file,
      'deleteusers',
      'yes',
      'switch',
      'warn',
      'users removed from AD stay in OX',
      'delete users that are in Open-Xchange, but not anymore in ADS',
    ),
  ];
}

// The seed's mapping table: key, mapping.ads.conf, mapping-infostore.ads.conf ('' where the seed lists none).
const FEATURES: readonly (readonly [string, string, string])[] = [
  ['access-calendar', 'on', 'off'],
  ['access-contacts', 'on', 'on'],
  ['access-delegate-tasks', 'on', 'off'],
  ['access-edit-public-folder', 'on', 'off'],
  ['access-forum', 'on', 'off'],
  ['access-ical', 'on', 'off'],
  ['access-infostore', 'on', 'on'],
  ['access-pinboard-write', 'on', 'off'],
  ['access-projects', 'on', 'off'],
  ['access-read-create-shared-folders', 'on', 'off'],
  ['access-rss-bookmarks', 'on', 'off'],
  ['access-rss-portal', 'on', 'off'],
  ['access-syncml', 'on', 'off'],
  ['access-tasks', 'on', 'off'],
  ['access-vcard', 'on', 'off'],
  ['access-webdav', 'on', 'on'],
  ['access-webdav-xml', 'on', 'on'],
  ['access-webmail', 'on', 'on'],
  ['access-edit-group', 'off', 'off'],
  ['access-edit-resource', 'off', 'off'],
  ['access-edit-password', 'off', 'off'],
  ['access-multiple-mail-accounts', 'on', ''],
  ['access-subscription', 'on', ''],
  ['access-publication', 'on', ''],
  ['uploadfilesizelimit', '-1', ''],
  ['uploadfilesizelimitperfile', '1048576', ''],
];

function mappingSettings(file: string, column: 1 | 2, users: string): SeedSetting[] {
  const out: SeedSetting[] = [];
  for (const row of FEATURES) {
    const expected = row[column];
    if (expected === '') continue;
    const access = row[0].startsWith('access-');
    out.push(
      sync(
        file,
        row[0],
        expected,
        access ? 'switch' : 'number',
        'warn',
        `${users} get another feature set in OX`,
        'the mappings of attributes between ADS and Open-Xchange and the feature set to be enabled',
      ),
    );
  }
  out.push(
    sync(
      file,
      'mail_folder_spam_name',
      'Junk',
      'exact',
      'warn',
      "OX's spam folder is not the Junk folder cyrus creates",
      'non standard name of SPAM folder',
    ),
    sync(
      file,
      'gui_spam_filter_capabilities_enabled',
      'true',
      'switch',
      'warn',
      'the web UI has no spam buttons',
      'enable SPAM buttons in WEB UI',
    ),
  );
  return out;
}

export const SYNC_CONF_FILES = { full: 'ldapsync-ads.conf', infostore: 'ldapsync-infostore-ads.conf' } as const;
export const MAPPING_FILES = { full: 'mapping.ads.conf', infostore: 'mapping-infostore.ads.conf' } as const;

export const LDAPSYNC_SETTINGS: readonly SeedSetting[] = [
  ...confSettings(SYNC_CONF_FILES.full, OX_USERS, INFOSTORE_USERS, 'Open-Xchange users'),
  ...confSettings(SYNC_CONF_FILES.infostore, INFOSTORE_USERS, OX_USERS, 'infostore users'),
  ...mappingSettings(MAPPING_FILES.full, 1, 'OX users'),
  ...mappingSettings(MAPPING_FILES.infostore, 2, 'infostore users'),
];
