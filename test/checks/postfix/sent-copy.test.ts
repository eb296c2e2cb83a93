// postfix/sent-copy without AD: where sender_bcc_maps applies, which AD values count as sender domains,
// and the outcomes that need no directory. The AD comparison runs in sent-copy-ad.test.ts and on the lab
// (invariants.lab.test.ts).
import { describe, expect, it } from 'vitest';
import { sentCopyCheck } from '../../../checks/postfix/sent-copy/index.js';
import { domainsOf } from '../../../checks/postfix/sent-copy/domains.js';
import { senderBccMaps } from '../../../src/checkkit/sender-bcc.js';
import { makeFacts } from '../../../src/facts/postconf.js';
import { parseMasterCf } from '../../../src/postfix/master-cf.js';
import { makeContext } from '../../helpers/context.js';
import { postfixFacts } from '../service/seeded-facts.js';
import { SYNC_SETUPS_FACT } from '../../../src/facts/sync-confs.js';
import { seed } from '../../facts/seed.js';

const A_MASTER = `smtp inet n - n - - smtpd
  -o content_filter=procmail:procmail
127.0.0.1:11025 inet n - n - - smtpd
  -o cleanup_service_name=archivecleanup
:10025 inet n - n - - smtpd
archivecleanup unix n - n - 0 cleanup
  -o sender_bcc_maps=pcre:/etc/postfix/archive_sentmail
`;
const pc = (params: Record<string, string> = {}) =>
  makeFacts('postconf', new Map(Object.entries(params)), '/etc/postfix', '3.7.11', new Map());

describe('senderBccMaps', () => {
  it("finds the seed's archive_sentmail through the 11025 listener's own cleanup service, and only there", () => {
    expect(senderBccMaps(parseMasterCf(A_MASTER), pc())).toEqual([
      {
        tables: ['pcre:/etc/postfix/archive_sentmail'],
        users: ['127.0.0.1:11025 via archivecleanup (master.cf line 6)'],
      },
    ]);
  });

  it('applies a main.cf sender_bcc_maps to every listener on the default cleanup', () => {
    const found = senderBccMaps(
      parseMasterCf('smtp inet n - n - - smtpd\n:10025 inet n - n - - smtpd\ncleanup unix n - n - 0 cleanup\n'),
      pc({ sender_bcc_maps: 'pcre:/etc/postfix/sent' }),
    );
    expect(found).toEqual([
      {
        tables: ['pcre:/etc/postfix/sent'],
        users: ['smtp via cleanup (master.cf line 3)', ':10025 via cleanup (master.cf line 3)'],
      },
    ]);
  });

  it('finds nothing on server B, which has no sender_bcc_maps', () => {
    expect(
      senderBccMaps(
        parseMasterCf(
          ':10026 inet n - n - - smtpd\n  -o cleanup_service_name=copycleanup\ncopycleanup unix n - n - 0 cleanup\n  -o virtual_alias_maps=ldap:/etc/postfix/adcopyfix\n',
        ),
        pc(),
      ),
    ).toEqual([]);
  });
});

describe('domainsOf', () => {
  it('takes the domains of mail and of SMTP/smtp proxyAddresses only, lower-cased', () => {
    const entry = {
      dn: 'CN=x',
      mail: 'Test1001@OXMAIL.example.com',
      proxyAddresses: [
        'SMTP:test1001@example.com',
        'smtp:test1001@example.org',
        'X500:/o=Org/cn=x',
        'SIP:x@voice.example.net',
      ],
    };
    expect([...domainsOf(entry)].sort()).toEqual(['example.com', 'example.org', 'oxmail.example.com']);
  });

  it('ignores values without a domain', () => {
    expect([...domainsOf({ mail: 'nobody', proxyAddresses: 'smtp:bad@' })]).toEqual([]);
  });
});

describe('postfix/sent-copy without a sender_bcc_maps', () => {
  it('is OK on the archive host, which receives the copies', async () => {
    const ctx = makeContext({
      host: { name: 'serverb', roles: ['groupware', 'archive'] },
      facts: postfixFacts({}, ':10025 inet n - n - - smtpd\n'),
    });
    const outcome = await sentCopyCheck.run(ctx);
    expect(outcome.status).toBe('ok');
    expect(outcome.summary).toBe(
      'serverb is the archive: it receives the sent-mail copies and applies no sender_bcc_maps itself',
    );
  });

  it('is CRIT on a groupware host that is not the archive, saying sent mail gets no copy', async () => {
    const ctx = makeContext({
      host: { name: 'servera', roles: ['groupware'] },
      facts: postfixFacts({}, A_MASTER.replace('  -o sender_bcc_maps=pcre:/etc/postfix/archive_sentmail\n', '')),
    });
    const outcome = await sentCopyCheck.run(ctx);
    expect(outcome.status).toBe('crit');
    // catches: no smtpd listener applies sender_bcc_maps: sent mail gets no copy in Sent Items
    expect(outcome.summary).toMatch(
      /^no smtpd listener on servera applies sender_bcc_maps: sent mail gets no copy in the senders' Sent Items on server B/,
    );
  });

  it('is UNKNOWN naming the missing AD endpoint when there is a map but no directory to compare with', async () => {
    const facts = { ...postfixFacts({}, A_MASTER), ...seed(SYNC_SETUPS_FACT, []) };
    const ctx = makeContext({ host: { name: 'servera', roles: ['groupware'] }, facts });
    const outcome = await sentCopyCheck.run(ctx);
    expect(outcome.status).toBe('unknown');
    expect(outcome.summary).toBe('cannot list the sender domains: no AD LDAP endpoint in the config (endpoints.ldap)');
  });
});
