import { describe, expect, it } from 'vitest';
import { parseTableRef, type TableRef } from '../../src/postfix/main-cf.js';
import type { PostmapAnswer } from '../../src/postfix/postmap-query.js';
import { describeRoute, routeRecipient, type RouteConfig } from '../../src/postfix/recipient-route.js';

const ref = (t: string) => parseTableRef(t)!;
const ADLOCAL = ref('ldap:/etc/postfix/adlocalrecipients');
const EXCH = ref('ldap:/etc/postfix/exchrecipients');
const TRANSPORT = ref('hash:/etc/postfix/transport');

const SERVER_A: RouteConfig = {
  virtualAliasMaps: [ADLOCAL, EXCH],
  localRecipientMaps: [ref('unix:passwd.byname'), ADLOCAL, EXCH],
  transportMaps: [TRANSPORT],
  localDomains: ['oxmail.example.com', 'localhost.example.com', 'localhost'],
  myorigin: 'oxmail.example.com',
  relayhost: '[172.18.254.25]',
  mailboxTransport: 'lmtp:unix:/var/lib/imap/socket/lmtp',
};

// The directory of the seed as table contents: what each map answers for each key.
function tables(data: Record<string, Record<string, string>>, errors: Record<string, string> = {}) {
  return async (t: TableRef, key: string): Promise<PostmapAnswer> => {
    if (errors[t.name]) return { kind: 'error', cause: 'bind', message: errors[t.name]! };
    const v = data[t.name]?.[key];
    return v === undefined ? { kind: 'not-found' } : { kind: 'found', value: v };
  };
}
const name = (t: TableRef) => t.name.split('/').pop()!;

describe('routing a recipient as postfix does', () => {
  const healthy = {
    '/etc/postfix/adlocalrecipients': { oxex01: 'oxex01' },
    '/etc/postfix/exchrecipients': {
      'test1001@example.com': 'test1001@oxmail.example.com',
      'test1001@oxmail.example.com': 'test1001@oxmail.example.com',
      'exch01@example.com': 'exch01@example.com',
    },
    '/etc/postfix/transport': { 'serverb.example.com': 'smtp:[192.168.109.104]:10026' },
  };

  it('expands an OX user to the local mailbox and stops where a result equals its input', async () => {
    const r = await routeRecipient('test1001@example.com', SERVER_A, tables(healthy));
    expect(describeRoute(r, name)).toBe(
      'test1001@example.com -> test1001@oxmail.example.com (exchrecipients), test1001@oxmail.example.com stays itself (exchrecipients gives test1001@oxmail.example.com for test1001@oxmail.example.com), delivered locally to test1001@oxmail.example.com via lmtp:unix:/var/lib/imap/socket/lmtp',
    );
  });

  it("follows an OX+Exchange user's contact through the bare local part lookup of a local domain", async () => {
    const r = await routeRecipient('oxex01@oxmail.example.com', SERVER_A, tables(healthy));
    expect(r.finals).toEqual([
      { kind: 'local', address: 'oxex01@oxmail.example.com', via: SERVER_A.mailboxTransport, known: true },
    ]);
    expect(describeRoute(r, name)).toMatch(
      /^oxex01@oxmail\.example\.com stays itself \(adlocalrecipients gives oxex01 for oxex01\), delivered locally/,
    );
    expect(r.lookups.filter((l) => l.answer.kind === 'found').map((l) => `${name(l.table)} ${l.key}`)).toEqual([
      'adlocalrecipients oxex01',
      'adlocalrecipients oxex01',
    ]);
  });

  it('flags a contact whose mailNickname names no known recipient', async () => {
    const broken = { ...healthy, '/etc/postfix/adlocalrecipients': { oxex01: 'oxex01.old' } };
    const r = await routeRecipient('oxex01@oxmail.example.com', SERVER_A, tables(broken));
    expect(describeRoute(r, name)).toMatch(
      /oxex01@oxmail\.example\.com -> oxex01\.old@oxmail\.example\.com \(adlocalrecipients\), oxex01\.old@oxmail\.example\.com is local but no local_recipient_maps table knows it/,
    );
  });

  it('relays a non-local address to the relayhost, and uses transport_maps first', async () => {
    expect((await routeRecipient('exch01@example.com', SERVER_A, tables(healthy))).finals[0]).toMatchObject({
      kind: 'relay',
      via: '[172.18.254.25]',
    });
    expect((await routeRecipient('x@serverb.example.com', SERVER_A, tables(healthy))).finals[0]).toMatchObject({
      kind: 'transport',
      via: 'smtp:[192.168.109.104]:10026',
    });
  });

  it('defers when a table fails, naming it and the key', async () => {
    const r = await routeRecipient(
      'test1001@example.com',
      SERVER_A,
      tables(healthy, { '/etc/postfix/adlocalrecipients': 'bind refused' }),
    );
    expect(r.finals).toEqual([
      {
        kind: 'defer',
        address: 'test1001@example.com',
        table: ADLOCAL,
        key: 'test1001@example.com',
        message: 'bind refused',
      },
    ]);
  });
});
