// The lab's real postfix files (test/lab/hosts/*/files) as the routing probe's pure parts see them: master.cf
// services, and lookups that answer pcre tables by evaluating the real table text and the other tables from the
// recorded answers of the lab's directory (what postmap -q gave there).
import { parseMasterCf } from '../../../src/postfix/master-cf.js';
import { parseTableRef, type TableRef } from '../../../src/postfix/main-cf.js';
import { evaluatePcre, parsePcreTable } from '../../../src/postfix/pcre-table.js';
import type { PostmapAnswer } from '../../../src/postfix/postmap-query.js';
import type { RouteConfig } from '../../../src/postfix/recipient-route.js';
import { labTemplate } from '../../postfix/lab-templates.js';

export const ref = (t: string): TableRef => parseTableRef(t)!;
export const ADLOCAL = ref('ldap:/etc/postfix/adlocalrecipients');
export const EXCH = ref('ldap:/etc/postfix/exchrecipients');
export const TRANSPORT = ref('hash:/etc/postfix/transport');

export const services = (host: 'relay' | 'servera' | 'serverb') => parseMasterCf(labTemplate(host, 'master.cf'));

// What the lab's directory answers (recorded with postmap -q on servera), and the hash transport tables.
export const DIRECTORY: Record<string, Record<string, string>> = {
  '/etc/postfix/adlocalrecipients': { oxex01: 'oxex01' },
  '/etc/postfix/exchrecipients': {
    'test1001@example.com': 'test1001@oxmail.example.com',
    'test1001@example.org': 'test1001@oxmail.example.com',
    'test1001@oxmail.example.com': 'test1001@oxmail.example.com',
    'oxex01@example.com': 'oxex01@example.com',
    'exch01@example.com': 'exch01@example.com',
  },
};

export function lookupsOf(host: 'relay' | 'servera' | 'serverb', directory = DIRECTORY) {
  const hash: Record<string, string> = {};
  if (host !== 'serverb')
    for (const line of labTemplate(host, 'transport').split('\n')) {
      const [k, v] = line.trim().split(/\s+/);
      if (k && v && !k.startsWith('#')) hash[k] = v;
    }
  return async (t: TableRef, key: string): Promise<PostmapAnswer> => {
    if (t.type === 'pcre') {
      const a = evaluatePcre(parsePcreTable(labTemplate(host, t.name.split('/').pop()!)), key);
      return a.found === true ? { kind: 'found', value: a.value } : { kind: 'not-found' };
    }
    const v = t.type === 'hash' ? hash[key] : directory[t.name]?.[key];
    return v === undefined ? { kind: 'not-found' } : { kind: 'found', value: v };
  };
}

export const SERVER_A: RouteConfig = {
  virtualAliasMaps: [ADLOCAL, EXCH],
  localRecipientMaps: [ref('unix:passwd.byname'), ADLOCAL, EXCH],
  transportMaps: [TRANSPORT],
  localDomains: ['oxmail.example.com', 'localhost.example.com', 'localhost'],
  myorigin: 'oxmail.example.com',
  relayhost: '[127.0.10.20]',
  mailboxTransport: 'lmtp:unix:/var/lib/imap/socket/lmtp',
};

export const RELAY: RouteConfig = {
  virtualAliasMaps: [],
  localRecipientMaps: null,
  transportMaps: [TRANSPORT],
  localDomains: [],
  myorigin: 'oxmail.example.com',
  relayhost: '[127.0.10.2]:10025',
  mailboxTransport: '',
};
