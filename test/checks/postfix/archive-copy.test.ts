// postfix/archive-copy: server B's half on master.cf/postconf facts; the relay's half with the real postmap
// (pcre tables in a temp config directory) and a real postfix smtpd standing in for server B's greeting.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveCopyCheck } from '../../../checks/postfix/archive-copy/index.js';
import { MASTER_CF_FACT } from '../../../src/facts/master-cf.js';
import { makeFacts, POSTCONF_FACT } from '../../../src/facts/postconf.js';
import { parseMasterCf } from '../../../src/postfix/master-cf.js';
import { makeContext } from '../../helpers/context.js';
import { removeDir, tempDir, type Daemon } from '../../helpers/daemons/process.js';
import { startSmtpd } from '../../helpers/daemons/smtpd.js';
import { closedPort } from '../../helpers/tcp.js';
import { seed } from '../../facts/seed.js';
import { postfixFacts } from '../service/seeded-facts.js';

const B_MAIN = {
  virtual_alias_maps: 'pcre:/etc/postfix/copyfix ldap:/etc/postfix/adlocalrecipients ldap:/etc/postfix/exchrecipients',
};
const B_MASTER = `smtp inet n - n - - smtpd
  -o content_filter=procmail:procmail
:10026 inet n - n - - smtpd
  -o cleanup_service_name=copycleanup
:10025 inet n - n - - smtpd
copycleanup unix n - n - 0 cleanup
  -o virtual_alias_maps=ldap:/etc/postfix/adcopyfix
`;

const onB = (main: Record<string, string>, master: string) =>
  archiveCopyCheck.run(
    makeContext({ host: { name: 'serverb', roles: ['groupware', 'archive'] }, facts: postfixFacts(main, master) }),
  );

describe('postfix/archive-copy on server B (archive)', () => {
  it('is OK when copyfix is the first virtual alias map and :10026 uses copycleanup with adcopyfix', async () => {
    const outcome = await onB(B_MAIN, B_MASTER);
    expect(outcome.status).toBe('ok');
    expect(outcome.summary).toBe(
      'pcre:/etc/postfix/copyfix is the first virtual alias map; :10026 files sent-mail copies through copycleanup with ldap:/etc/postfix/adcopyfix',
    );
  });

  it('is CRIT "copyfix is not first" naming the maps before it and giving the corrected list', async () => {
    const outcome = await onB(
      {
        virtual_alias_maps:
          'ldap:/etc/postfix/adlocalrecipients, pcre:/etc/postfix/copyfix ldap:/etc/postfix/exchrecipients',
      },
      B_MASTER,
    );
    expect(outcome.status).toBe('crit');
    // catches: copyfix is not the first virtual_alias_maps entry on server B: another map's answer wins
    expect(outcome.summary).toMatch(
      /^copyfix is not first: pcre:\/etc\/postfix\/copyfix is entry 2 of virtual_alias_maps, after ldap:\/etc\/postfix\/adlocalrecipients;/,
    );
    expect(outcome.hint).toBe(
      "postconf -e 'virtual_alias_maps = pcre:/etc/postfix/copyfix ldap:/etc/postfix/adlocalrecipients ldap:/etc/postfix/exchrecipients' on server B, then postfix reload",
    );
  });

  it('does not take adcopyfix for copyfix, and is CRIT when no copyfix map is listed', async () => {
    const outcome = await onB(
      { virtual_alias_maps: 'ldap:/etc/postfix/adcopyfix ldap:/etc/postfix/exchrecipients' },
      B_MASTER,
    );
    expect(outcome.status).toBe('crit');
    // catches: no copyfix map on server B: archive copies never reach the archive mailboxes
    expect(outcome.summary).toMatch(/^virtual_alias_maps on server B has no copyfix map/);
  });

  it.each([
    [
      'no :10026 listener',
      B_MASTER.replace(':10026 inet n - n - - smtpd\n  -o cleanup_service_name=copycleanup\n', ''),
      // catches: no smtpd on 10026 on server B: sent-mail copies defer
      /^server B has no smtpd on 10026: the sent-mail copies server A sends there defer/,
    ],
    [
      '10026 without its own cleanup',
      B_MASTER.replace('  -o cleanup_service_name=copycleanup\n', ''),
      // catches: 10026 uses the normal cleanup: sent-mail copies land in INBOX, not Sent Items
      /uses the normal cleanup: server A's sent-mail copies skip adcopyfix and land in the senders' INBOX instead of Sent Items/,
    ],
    [
      'an undefined cleanup service',
      B_MASTER.replace('copycleanup unix', 'othercleanup unix'),
      // catches: 10026's cleanup service is not defined in master.cf: sent-mail copies defer
      /hands mail to cleanup service copycleanup, which master\.cf does not define/,
    ],
    [
      'copycleanup without adcopyfix',
      B_MASTER.replace('  -o virtual_alias_maps=ldap:/etc/postfix/adcopyfix\n', ''),
      // catches: copycleanup has no adcopyfix LDAP map: sent-mail copies land in INBOX
      /has no LDAP virtual_alias_maps of its own .* land in the INBOX/,
    ],
  ])('is CRIT with %s', async (_, master, expected) => {
    const outcome = await onB(B_MAIN, master);
    expect(outcome.status).toBe('crit');
    expect(outcome.summary).toMatch(expected);
  });
});

describe('postfix/archive-copy on the relay', () => {
  let serverB: Daemon;
  let dir: string;
  beforeAll(async () => {
    serverB = await startSmtpd('oxmail.example.com');
    dir = tempDir('archive-copy');
    mkdirSync(join(dir, 'etc'));
    writeFileSync(join(dir, 'etc', 'main.cf'), 'compatibility_level = 3.6\n');
    writeFileSync(join(dir, 'duplicate_mail'), '/^(.*?)@.*$/ ${1}@serverb.example.com\n');
    writeFileSync(join(dir, 'transport'), `/^serverb\\.example\\.com$/ smtpcopy:[127.0.0.1]:${serverB.port}\n`);
  });
  afterAll(async () => {
    await serverB.stop();
    removeDir(dir);
  });

  const SMTPCOPY = 'smtpcopy unix - - n - - smtp\n  -o myhostname=archive.example.com\n';
  const onRelay = (main: Record<string, string>, master: string) => {
    const params = new Map(
      Object.entries({
        myhostname: 'oxmail.example.com',
        relayhost: '[127.0.10.2]:10025',
        recipient_bcc_maps: `pcre:${dir}/duplicate_mail`,
        transport_maps: `pcre:${dir}/transport`,
        ...main,
      }),
    );
    const facts = {
      ...seed(POSTCONF_FACT, makeFacts('postconf', params, join(dir, 'etc'), '3.7.11', new Map())),
      ...seed(MASTER_CF_FACT, { path: `${dir}/etc/master.cf`, found: true, services: parseMasterCf(master) }),
    };
    const ctx = makeContext({
      host: { name: 'relay', roles: ['relay'] },
      site: { testUser: { login: 'test1001', address: 'test1001@example.com' } },
      facts,
    });
    return { ctx, outcome: archiveCopyCheck.run(ctx) };
  };

  it("is OK when the BCC, the transport and smtpcopy's own myhostname line up, asking postmap and server B itself", async () => {
    const { ctx, outcome } = onRelay({}, SMTPCOPY);
    const o = await outcome;
    expect(o.status, o.summary).toBe('ok');
    expect(o.summary).toBe(
      `recipient_bcc_maps copies test1001@example.com to test1001@serverb.example.com, transport_maps sends serverb.example.com via smtpcopy:[127.0.0.1]:${serverB.port}, which calls itself archive.example.com while server B at 127.0.0.1:${serverB.port} greets as oxmail.example.com`,
    );
    const labels = ctx.evidence.map((e) => e.label);
    expect(labels).toContain(`$ postmap -c ${dir}/etc -q - pcre:${dir}/duplicate_mail`);
    expect(labels.some((l) => l.startsWith(`SMTP greeting of 127.0.0.1:${serverB.port}`))).toBe(true);
  });

  it('is CRIT naming the own-hostname loop when smtpcopy has no -o myhostname and server B greets with the shared name', async () => {
    const o = await onRelay({}, 'smtpcopy unix - - n - - smtp\n').outcome;
    expect(o.status).toBe('crit');
    // catches: smtpcopy greets server B with B's own name: postfix refuses the copies as a loop
    expect(o.summary).toMatch(
      /^the archive copies loop: smtpcopy \(master\.cf line 1\) calls itself oxmail\.example\.com \(the relay's own myhostname, no -o myhostname\) and server B at 127\.0\.0\.1:\d+ greets with the same name, so postfix refuses them \("server is greeting me with my own hostname"/,
    );
    expect(o.hint).toContain('-o myhostname=archive.example.com');
  });

  it("is still CRIT when server B cannot be asked but smtpcopy would use the relay's shared myhostname", async () => {
    const port = await closedPort();
    writeFileSync(join(dir, 'transport-closed'), `/^serverb\\.example\\.com$/ smtpcopy:[127.0.0.1]:${port}\n`);
    const o = await onRelay({ transport_maps: `pcre:${dir}/transport-closed` }, 'smtpcopy unix - - n - - smtp\n')
      .outcome;
    expect(o.status).toBe('crit');
    // catches: smtpcopy has no -o myhostname of its own while server B cannot be asked
    expect(o.summary).toMatch(
      /smtpcopy \(master\.cf line 1\) has no -o myhostname: .* B at 127\.0\.0\.1:\d+ could not be asked/,
    );
  });

  it('is CRIT saying server B gets no copy when recipient_bcc_maps is unset', async () => {
    const o = await onRelay({ recipient_bcc_maps: '' }, SMTPCOPY).outcome;
    expect(o.status).toBe('crit');
    // catches: the relay has no recipient_bcc_maps: server B receives no archive copy
    expect(o.summary).toMatch(/^the relay has no recipient_bcc_maps: server B receives no archive copy/);
  });

  it('is CRIT when recipient_bcc_maps gives the test user no copy, or a copy to its own domain', async () => {
    writeFileSync(join(dir, 'bcc-one-user'), '/^someone@example\\.com$/ someone@serverb.example.com\n');
    const none = await onRelay({ recipient_bcc_maps: `pcre:${dir}/bcc-one-user` }, SMTPCOPY).outcome;
    expect(none.status).toBe('crit');
    // catches: recipient_bcc_maps has no rule for the test user: its mail gets no archive copy
    expect(none.summary).toMatch(/^recipient_bcc_maps \(pcre:.*bcc-one-user\) gives no BCC for test1001@example\.com/);

    writeFileSync(join(dir, 'bcc-same-domain'), '/^(.*?)@.*$/ ${1}-copy@example.com\n');
    const same = await onRelay({ recipient_bcc_maps: `pcre:${dir}/bcc-same-domain` }, SMTPCOPY).outcome;
    expect(same.status).toBe('crit');
    // catches: recipient_bcc_maps copies to a non-archive domain: the copy goes where the original goes
    expect(same.summary).toBe(
      'recipient_bcc_maps copies test1001@example.com to test1001-copy@example.com, which is not an archive domain: ' +
        'the copy goes where the original goes, not to server B',
    );
  });

  it('is CRIT when the archive domain has no transport entry, saying where the copies go instead', async () => {
    const o = await onRelay({ transport_maps: `pcre:${dir}/duplicate_mail` }, SMTPCOPY).outcome;
    expect(o.status).toBe('crit');
    // catches: the archive domain has no transport_maps entry: copies follow relayhost instead of server B
    expect(o.summary).toMatch(
      /^transport_maps has no entry for serverb\.example\.com: the archive copies \(test1001@serverb\.example\.com\) follow \[127\.0\.10\.2\]:10025 instead of going to server B/,
    );
  });

  it('is CRIT when the transport is missing from master.cf', async () => {
    const o = await onRelay({}, 'smtp unix - - n - - smtp\n').outcome;
    expect(o.status).toBe('crit');
    // catches: the archive domain's transport is not defined in master.cf: copies defer
    expect(o.summary).toMatch(
      /^transport smtpcopy .* is not defined in master\.cf: the archive copies to server B defer/,
    );
  });

  it('is CRIT quoting postmap when the BCC or the transport table cannot be opened', async () => {
    const o = await onRelay({ recipient_bcc_maps: `pcre:${dir}/no-such-file` }, SMTPCOPY).outcome;
    expect(o.status).toBe('crit');
    // catches: recipient_bcc_maps cannot be read: postfix defers incoming mail
    expect(o.summary).toMatch(
      /^recipient_bcc_maps cannot be read, so postfix defers incoming mail: pcre:.*no-such-file: fatal: .*no-such-file/,
    );

    const route = await onRelay({ transport_maps: `pcre:${dir}/no-such-transport` }, SMTPCOPY).outcome;
    expect(route.status).toBe('crit');
    // catches: transport_maps cannot be read: postfix defers mail
    expect(route.summary).toMatch(/^transport_maps cannot be read, so postfix defers mail: pcre:.*no-such-transport: /);
  });
});
