import { describe, expect, it } from 'vitest';
import { routeRecipient, type RouteConfig } from '../../../src/postfix/recipient-route.js';
import { exitOf } from '../../../src/user/routing/exits.js';
import type { RecipientPath } from '../../../src/user/routing/recipient.js';
import { recipientStep, type RecipientContext } from '../../../src/user/routing/recipient-step.js';
import { DIRECTORY, RELAY, SERVER_A, lookupsOf, services } from './samples.js';
import { findAddress } from '../../../src/user/routing/find.js';
import { ref } from './samples.js';

const CONTACT = {
  dn: 'CN=oxex01 (OX),OU=Contacts,DC=example,DC=com',
  mail: 'oxex01@oxmail.example.com',
  mailNickname: 'oxex01',
  nicknameIsLogin: true,
};

async function path(
  host: 'relay' | 'servera',
  config: RouteConfig,
  address: string,
  directory = DIRECTORY,
): Promise<RecipientPath> {
  const lookup = lookupsOf(host, directory);
  const route = await routeRecipient(address, config, lookup);
  const leaving = route.finals.map((d) => ({ disposition: d, exit: exitOf(d, services(host)) }));
  if (host !== 'relay') return { address, route, leaving, relayCheck: null, bcc: null };
  const found = await findAddress([ref('pcre:/etc/postfix/duplicate_mail')], address, lookup);
  const copyRoute = found.kind === 'found' ? await routeRecipient(found.value, config, lookup) : undefined;
  const copy = copyRoute && {
    address: copyRoute.address,
    route: copyRoute,
    leaving: copyRoute.finals.map((d) => ({ disposition: d, exit: exitOf(d, services(host)) })),
  };
  return { address, route, leaving, relayCheck: null, bcc: { found, ...(copy ? { copy } : {}) } };
}

const context = (host: string, over: Partial<RecipientContext> = {}): RecipientContext => ({
  host,
  login: 'oxex01',
  contacts: [CONTACT],
  rejectCode: '450',
  isRelay: host === 'relay',
  directoryMaps: host !== 'relay',
  archiveAt: (address) => (address === '127.0.10.4' ? 'serverb' : undefined),
  ...over,
});

describe("one address's route on one host, in one sentence", () => {
  it('the relay: to server A, with the archive copy through smtpcopy', async () => {
    const step = recipientStep(
      await path('relay', RELAY, 'test1001@example.com'),
      context('relay', { login: 'test1001' }),
    );
    expect(step.status).toBe('ok');
    expect(step.summary).toBe(
      'relay: test1001@example.com is relayed to [127.0.10.2]:10025; archive copy test1001@serverb.example.com (pcre:/etc/postfix/duplicate_mail): test1001@serverb.example.com goes to smtpcopy:[127.0.10.4]:10025 (hash:/etc/postfix/transport)',
    );
  });

  it('the relay without recipient_bcc_maps: no archive copy, named', async () => {
    const p = { ...(await path('relay', RELAY, 'test1001@example.com')), bcc: null };
    const step = recipientStep(p, context('relay'));
    expect(step.status).toBe('crit');
    expect(step.summary).toMatch(/^relay: no recipient_bcc_maps here: server B receives no archive copy/);
  });

  it('an archive copy the transport table does not send to server B is named with where it goes instead', async () => {
    const p = await path('relay', { ...RELAY, transportMaps: [] }, 'test1001@example.com');
    const step = recipientStep(p, context('relay'));
    expect(step.status).toBe('crit');
    expect(step.summary).toBe(
      'relay: the archive copy of mail for test1001@example.com (test1001@serverb.example.com) goes to ' +
        '127.0.10.2:10025 (smtp), not to the archive host (test1001@serverb.example.com is relayed to [127.0.10.2]:10025)',
    );
    expect(step.hint).toMatch(/^add "serverb\.example\.com smtp:\[server B\]:PORT"/);
  });

  it('a contact whose mailNickname names no account: the contact, the nickname and the login', async () => {
    const broken = { ...DIRECTORY, '/etc/postfix/adlocalrecipients': { oxex01: 'oxex01.old' } };
    const step = recipientStep(
      await path('servera', SERVER_A, 'oxex01@oxmail.example.com', broken),
      context('servera'),
    );
    expect(step.status).toBe('crit');
    expect(step.summary).toMatch(
      /^servera: mail for oxex01@oxmail\.example\.com cannot be delivered: ldap:\/etc\/postfix\/adlocalrecipients maps oxex01 to oxex01\.old: the forwarding contact CN=oxex01 \(OX\),OU=Contacts,DC=example,DC=com has mailNickname oxex01\.old, not the login oxex01, so servera refuses it with 450/,
    );
    expect(step.hint).toBe(
      "set mailNickname of CN=oxex01 (OX),OU=Contacts,DC=example,DC=com to oxex01 in AD (the seed: the contact's mailNickname is the account name)",
    );
  });

  it('an address no directory map knows is passed on to Exchange: a warning', async () => {
    const step = recipientStep(await path('servera', SERVER_A, 'nobody@example.com'), context('servera'));
    expect(step.status).toBe('warn');
    expect(step.summary).toMatch(
      /^servera: no virtual alias map knows nobody@example\.com .*relayed to \[127\.0\.10\.20\]/,
    );
  });

  it('a failing map defers the mail', async () => {
    const p = await path('servera', SERVER_A, 'test1001@example.com');
    const failing = {
      ...p,
      route: {
        ...p.route,
        finals: [
          {
            kind: 'defer' as const,
            address: p.address,
            table: ref('ldap:/etc/postfix/exchrecipients'),
            key: p.address,
            message: 'Invalid credentials',
          },
        ],
      },
    };
    const step = recipientStep(failing, context('servera'));
    expect(step.status).toBe('crit');
    expect(step.summary).toMatch(
      /deferred: ldap:\/etc\/postfix\/exchrecipients fails for test1001@example\.com \(Invalid credentials\)/,
    );
  });
});

describe('relay_recipient_maps', () => {
  it('an address no relay recipient table knows is rejected at the relay', async () => {
    const p = { ...(await path('relay', RELAY, 'test1001@example.com')), relayCheck: { kind: 'none' as const } };
    const step = recipientStep(p, context('relay'));
    expect(step.status).toBe('crit');
    expect(step.summary).toBe(
      'relay: no relay_recipient_maps table knows test1001@example.com, so relay rejects mail for it ("User unknown in relay recipient table")',
    );
  });
});
