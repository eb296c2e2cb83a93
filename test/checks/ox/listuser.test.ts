// ox/listuser on a groupware host with the lab's OX stand-in listuser (OX's CSV layout, shuffled columns, its real
// exit codes) over a real configdb (mariadb), the lab's oxldapsync confs and mappings, and a real slapd as AD.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { listuserCheck } from '../../../checks/ox/listuser/index.js';
import type { Daemon } from '../../helpers/daemons/process.js';
import { makeContext } from '../../helpers/context.js';
import { closedPort } from '../../helpers/tcp.js';
import { MAIL_SERVER, oxHost, oxSite, startAd, startConfigdb, type OxHost, type OxHostOptions } from './ox-host.js';

let ad: Daemon & { url: string };
let configdb: Daemon;
beforeAll(async () => {
  [ad, configdb] = await Promise.all([
    startAd([
      { sam: 'jdoe', mail: 'jdoe@oxmail.example.com', ox: true },
      { sam: 'ifile', mail: 'ifile@oxmail.example.com', ox: false },
    ]),
    startConfigdb(),
  ]);
});
afterAll(async () => {
  await Promise.all([ad?.stop(), configdb?.stop()]);
});

const hosts: OxHost[] = [];
afterEach(() => {
  for (const h of hosts.splice(0)) h.tree.remove();
});

function host(options: Partial<OxHostOptions> = {}): OxHost {
  const h = oxHost({ configdbPort: configdb.port, users: [{ name: 'jdoe' }], ...options });
  hosts.push(h);
  return h;
}

async function run(h: OxHost, site: Parameters<typeof oxSite>[1] & { adUrl?: string } = {}) {
  const ctx = makeContext({
    transport: h.transport,
    site: oxSite({ url: site.adUrl ?? ad.url }, { login: 'jdoe', ...site }),
  });
  return { outcome: await listuserCheck.run(ctx), ctx };
}

describe('ox/listuser', () => {
  it("is OK when the test user is in OX with its AD address, IMAP/SMTP server and a full user's access", async () => {
    const { outcome, ctx } = await run(host());
    expect(outcome.status).toBe('ok');
    expect(outcome.summary).toBe(
      'test user jdoe is in OX context 1 as a full user with jdoe@oxmail.example.com, ' +
        `IMAP jdoe@${MAIL_SERVER}, SMTP ${MAIL_SERVER}`,
    );
    expect(JSON.stringify(ctx.evidence)).not.toContain('Ox-Admin-Pw-8812');
  });

  it('is CRIT when the test user is missing from OX, saying AD has it and which conf matches it', async () => {
    const { outcome } = await run(host({ users: [{ name: 'someone' }] }));
    expect(outcome.status).toBe('crit');
    // catches: test user missing from OX while AD has it (the sync did not create it, or deleted it)
    expect(outcome.summary).toBe(
      'test user jdoe is missing from OX context 1 on testhost; ' +
        'AD has it (cn=jdoe,ou=OX Users,dc=example,dc=com, matched by ldapsync-ads.conf)',
    );
    expect(outcome.hint).toMatch(/run \/opt\/open-xchange\/sbin\/oxsync/);
  });

  it('is CRIT when the user is in OX but no sync userfilter matches it in AD', async () => {
    const { outcome } = await run(host({ users: [{ name: 'ghost' }] }), { login: 'ghost' });
    expect(outcome.status).toBe('crit');
    // catches: user in OX but no sync userfilter matches it in AD (deleteusers removes it next run)
    expect(outcome.summary).toBe(
      'test user ghost is in OX context 1 but no sync userfilter matches it in AD ' +
        '(ldapsync-ads.conf, ldapsync-infostore-ads.conf)',
    );
    expect(outcome.hint).toMatch(/deleteusers = yes/);
  });

  it('is CRIT naming each attribute OX holds differently from AD and the mapping', async () => {
    const users = [
      {
        name: 'jdoe',
        mail: 'john.doe@old.example.com',
        imapLogin: 'john',
        imapServer: '10.0.0.8',
        smtpServer: '10.0.0.9',
      },
    ];
    const { outcome } = await run(host({ users }));
    expect(outcome.status).toBe('crit');
    expect(outcome.summary).toBe(
      'OX has PrimaryEmail john.doe@old.example.com for jdoe but AD mail says jdoe@oxmail.example.com',
    );
    const failing = outcome.steps?.filter((s) => s.status !== 'ok').map((s) => s.summary);
    // catches: OX holds another primary address, IMAP login, IMAP or SMTP server than AD and the mapping say
    expect(failing).toEqual([
      'OX has PrimaryEmail john.doe@old.example.com for jdoe but AD mail says jdoe@oxmail.example.com',
      'OX has ImapLogin john for jdoe but AD login says jdoe',
      `OX has ImapServer 10.0.0.8 for jdoe but /opt/oxldapsync/etc/mapping.ads.conf imapserver says ${MAIL_SERVER}`,
      `OX has SmtpServer 10.0.0.9 for jdoe but /opt/oxldapsync/etc/mapping.ads.conf smtpserver says ${MAIL_SERVER}`,
    ]);
  });

  it("is CRIT when an infostore user has a full user's module access", async () => {
    const { outcome } = await run(host({ users: [{ name: 'ifile' }] }), { login: 'ifile' });
    expect(outcome.status).toBe('crit');
    expect(outcome.summary).toMatch(
      /^ifile's OX module access differs from \/opt\/oxldapsync\/etc\/mapping-infostore\.ads\.conf \(infostore user\)/,
    );
    // catches: module access differs from the user's class (full user vs infostore user)
    expect(outcome.summary).toContain('access-calendar=true (mapping: off)');
  });

  it("is CRIT with listuser's own cause for each failing exit code", async () => {
    const wrongPw = (await run(host(), { adminPassword: 'Wrong-Admin-Pw' })).outcome;
    expect(wrongPw.status).toBe('crit');
    // catches: OX admin password refused (listuser exit 101)
    expect(wrongPw.summary).toMatch(
      /^listuser on testhost failed: invalid credentials \(exit 101\) .*Authentication failed/,
    );

    const down = (await run(host({ adminDown: true }))).outcome;
    expect(down.status).toBe('crit');
    // catches: OX admin daemon unreachable (listuser exit 105)
    expect(down.summary).toMatch(/^listuser on testhost failed: .*\(exit 105\).*Connection refused/);

    const noDb = (await run(host({ configdbPort: await closedPort() }))).outcome;
    expect(noDb.status).toBe('crit');
    // catches: configdb unreachable (listuser exit 106, and the database does not answer either)
    expect(noDb.summary).toMatch(
      /^listuser on testhost failed: server storage error \(exit 106\): the configdb is unreachable/,
    );
    expect(noDb.summary).toContain('Cannot get connection to config DB.');
  });

  it('is CRIT saying OX itself cannot use the configdb when its password is wrong and the database answers', async () => {
    const h = host();
    const props = `${h.tree.root}/opt/open-xchange/etc/configdb.properties`;
    writeFileSync(props, readFileSync(props, 'utf8').replace(/^(readProperty\.2=password=.*)$/m, '$1-wrong'));
    const { outcome } = await run(h);
    expect(outcome.status).toBe('crit');
    // catches: configdb answers but OX's own configdb credentials are refused (exit 106)
    expect(outcome.summary).toMatch(
      new RegExp(
        '^listuser on testhost failed twice with a storage error \\(exit 106, "configdb unreachable"\\), ' +
          `but the configdb at 127\\.0\\.0\\.1:${configdb.port} answers from testhost ` +
          '\\(.+\\): OX itself cannot use it$',
      ),
    );
    expect(outcome.hint).toMatch(/readProperty\.1\/\.2\) in \/opt\/open-xchange\/etc\/configdb\.properties/);
  });

  it('asks for ox.adminPassword when none is configured and listuser wants it', async () => {
    const { outcome } = await run(host(), { adminPassword: null });
    expect(outcome.status).toBe('unknown');
    expect(JSON.stringify(outcome)).toContain('ox.adminPassword');
  });

  it('is CRIT when listuser is missing on the host', async () => {
    const h = host();
    rmSync(`${h.tree.root}/opt/open-xchange/sbin/listuser`);
    const { outcome } = await run(h);
    expect(outcome.status).toBe('crit');
    // catches: listuser missing on the host (OX admin tools not installed)
    expect(outcome.summary).toBe('/opt/open-xchange/sbin/listuser is missing on testhost');
  });

  it('is UNKNOWN when the user is in OX but AD cannot be read to compare', async () => {
    const { outcome } = await run(host(), { adUrl: `ldap://127.0.0.1:${await closedPort()}` });
    expect(outcome.status).toBe('unknown');
    expect(outcome.summary).toMatch(/^test user jdoe is in OX context 1, but AD could not be read to compare: /);
  });

  it('says the test user is not configured when there is none', async () => {
    const ctx = makeContext({ transport: host().transport, site: oxSite(ad) });
    const outcome = await listuserCheck.run(ctx);
    expect(outcome.status).toBe('unknown');
    expect(JSON.stringify(outcome)).toContain('testUser');
  });
});
