// Real samples for the user/ox unit tests: listuser --csv as the lab's OX stand-in printed it (OX's CSV layout),
// the lab's own oxldapsync confs and mappings (the templates the lab installs), and its sync log lines.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SyncSetup } from '../../../src/facts/sync-confs.js';
import { parseSyncConf } from '../../../src/ox/ldapsync-conf.js';

const ETC = fileURLToPath(new URL('../../lab/hosts/groupware/files/opt/oxldapsync/etc/', import.meta.url));

// The lab's conf as installed on a host whose mapping names mailServer (servera: its VIP; serverb: itself).
export function labSetup(kind: 'full' | 'infostore', mailServer = '127.0.10.2'): SyncSetup {
  const name = kind === 'full' ? 'ldapsync-ads.conf' : 'ldapsync-infostore-ads.conf';
  const mappingName = kind === 'full' ? 'mapping.ads.conf' : 'mapping-infostore.ads.conf';
  const fill = (text: string) =>
    text.replaceAll('@OX_MAIL_SERVER@', mailServer).replaceAll('@LAB_BASE_DN@', 'DC=example,DC=com');
  return {
    path: `/opt/oxldapsync/etc/${name}`,
    name,
    conf: parseSyncConf(fill(readFileSync(ETC + name, 'utf8'))),
    mappingPath: `/opt/oxldapsync/etc/${mappingName}`,
    mapping: parseSyncConf(fill(readFileSync(ETC + mappingName, 'utf8'))),
  };
}

const HEADER =
  'Id,Name,Display_name,Given_name,Sur_name,Middle_name,Suffix,Title,Nickname,PrimaryEmail,Email1,Email2,Email3,Aliases,Language,Timezone,Mailenabled,ImapServer,ImapServerString,ImapLogin,SmtpServer,SmtpServerString,Mail_folder_drafts_name,Mail_folder_sent_name,Mail_folder_spam_name,Mail_folder_trash_name,Mail_folder_confirmed_ham_name,Mail_folder_confirmed_spam_name,DefaultSenderAddress,Gui_spam_filter_enabled,Department,Company,Position,Branches,Note,Url,PasswordMech,Password,Birthday,Anniversary,Street_business,Postal_code_business,City_business,Country_business,Telephone_business1,Cellular_telephone1,Fax_business,UploadFileSizeLimit,UploadFileSizeLimitPerFile,Spouse_name,Assistant_name,Room_number,access-calendar,access-contacts,access-delegate-tasks,access-edit-public-folder,access-forum,access-ical,access-infostore,access-pinboard-write,access-projects,access-read-create-shared-Folders,access-rss-bookmarks,access-rss-portal,access-syncml,access-tasks,access-vcard,access-webdav,access-webdav-xml,access-webmail';

// servera: listuser -c 1 -A oxadmin -s test1001 --csv
export const TEST1001_SERVERA = `${HEADER}
"2928","test1001","Test test1001","Test","test1001",,,,,"test1001@oxmail.example.com","test1001@oxmail.example.com",,,"test1001@example.com, test1001@example.org, test1001@oxmail.example.com","en_US","Europe/Berlin","true","127.0.10.2","imap://127.0.10.2:143","test1001","127.0.10.2","smtp://127.0.10.2:25","Drafts","Sent Items","Junk","Trash","confirmed-ham","confirmed-spam",,"true",,,,,,,"crypt",,,,,,,,,,,"-1","1048576",,,,"true","true","true","true","true","true","true","true","true","true","true","true","true","true","true","true","true","true"
`;

// serverb: the same user, its mapping naming serverb itself
export const TEST1001_SERVERB = `${HEADER}
"3","test1001","Test test1001","Test","test1001",,,,,"test1001@oxmail.example.com","test1001@oxmail.example.com",,,"test1001@example.com, test1001@example.org, test1001@oxmail.example.com","en_US","Europe/Berlin","true","127.0.10.4","imap://127.0.10.4:143","test1001","127.0.10.4","smtp://127.0.10.4:25","Drafts","Sent Items","Junk","Trash","confirmed-ham","confirmed-spam",,"true",,,,,,,"crypt",,,,,,,,,,,"-1","1048576",,,,"true","true","true","true","true","true","true","true","true","true","true","true","true","true","true","true","true","true"
`;

// servera: listuser -c 1 -A oxadmin -s info01 --csv (an infostore-only user)
export const INFO01_SERVERA = `${HEADER}
"1205","info01","Info info01","Info","info01",,,,,"info01@oxmail.example.com","info01@oxmail.example.com",,,"info01@example.com, info01@oxmail.example.com","en_US","Europe/Berlin","true","127.0.10.2","imap://127.0.10.2:143","info01","127.0.10.2","smtp://127.0.10.2:25","Drafts","Sent Items","Junk","Trash","confirmed-ham","confirmed-spam",,"true",,,,,,,"crypt",,,,,,,,,,,"-1","1048576",,,,"false","true","false","false","false","false","true","false","false","false","false","false","false","false","false","true","true","true"
`;

// servera's /var/log/oxldapsync.log during sync-truncated: a non-paging run cut at 1000, then the healed runs.
export const SYNC_LOG_TRUNCATED = `2026-12-07 04:55:47 oxldapsync[19728]: ldapsync-ads.conf: INFO: start sync of context 1 with /opt/oxldapsync/etc/ldapsync-ads.conf (ldaptype=ads)
2026-12-07 04:55:47 oxldapsync[19728]: ldapsync-ads.conf: INFO: finished: 1202 entries from LDAP, 0 created, 0 updated, 0 deleted
2026-12-07 04:55:47 oxldapsync[19732]: ldapsync-infostore-ads.conf: INFO: start sync of context 1 with /opt/oxldapsync/etc/ldapsync-infostore-ads.conf (ldaptype=ads)
2026-12-07 04:55:47 oxldapsync[19732]: ldapsync-infostore-ads.conf: INFO: finished: 100 entries from LDAP, 0 created, 0 updated, 0 deleted
2026-12-07 04:56:57 oxldapsync[30020]: ldapsync-ads.conf: INFO: start sync of context 1 with /opt/oxldapsync/etc/ldapsync-ads.conf (ldaptype=openldap)
2026-12-07 04:56:57 oxldapsync[30020]: ldapsync-ads.conf: ERROR: LDAP search returned: Size limit exceeded (4) after 1000 entries; the result is incomplete (ldaptype=openldap does not page)
2026-12-07 04:56:57 oxldapsync[30020]: ldapsync-ads.conf: WARN: finished: 1000 entries from LDAP, 0 created, 0 updated, 202 deleted
2026-12-07 04:56:57 oxldapsync[30024]: ldapsync-infostore-ads.conf: INFO: start sync of context 1 with /opt/oxldapsync/etc/ldapsync-infostore-ads.conf (ldaptype=ads)
2026-12-07 04:56:58 oxldapsync[30024]: ldapsync-infostore-ads.conf: INFO: finished: 100 entries from LDAP, 0 created, 0 updated, 0 deleted
`;
