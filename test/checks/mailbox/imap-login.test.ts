// mailbox/imap-login against a real cyrus imapd: the test user's password login, the admin's proxy login,
// their refusals, a STARTTLS that fails, and the Kerberos step where imapd.conf lists GSSAPI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imapLoginCheck } from '../../../checks/mailbox/imap-login/index.js';
import { Secret } from '../../../src/core/redact.js';
import { KRB5_CONF_FACT, KRB5_CONF_TEXT_FACT } from '../../../src/facts/krb5-conf.js';
import { kerberosAddon } from '../../../src/kerberos/addon.js';
import { parseKrb5Conf } from '../../../src/kerberos/krb5-conf.js';
import { seed } from '../../facts/seed.js';
import { startCyrus } from '../../helpers/daemons/cyrus.js';
import { makeContext } from '../../helpers/context.js';
import { closedPort } from '../../helpers/tcp.js';
import { startMailboxCyrus, WRONG_PW, type MailboxCyrus } from './mailbox-cyrus.js';

let box: MailboxCyrus;
beforeAll(async () => {
  // Only password mechanisms, as imapd.conf of a host without Kerberos says.
  box = await startMailboxCyrus(['sasl_mech_list: PLAIN LOGIN']);
}, 60_000);
afterAll(() => box?.stop());

const run = (site = box.site('test1001'), facts = box.facts()) => {
  const ctx = makeContext({ site, facts });
  return imapLoginCheck.run(ctx).then((outcome) => ({ outcome, ctx }));
};

// imapd.conf as on a host whose users log in with Kerberos too.
const withGssapi = () =>
  box.facts({ imapdConf: box.imapdConfText.replace(/sasl_mech_list: .*/, 'sasl_mech_list: PLAIN GSSAPI') });

describe('mailbox/imap-login', () => {
  it('is OK with the mechanism and login time when the test user logs in, and measures it', async () => {
    const { outcome, ctx } = await run();
    expect(outcome.status).toBe('ok');
    expect(outcome.summary).toMatch(/^test1001 logs in to imapd at 127\.0\.0\.1:\d+ \(PLAIN, \d+ ms\)$/);
    expect(outcome.metrics).toEqual([expect.objectContaining({ label: 'imap_login', unit: 's', min: 0 })]);
    // Neither imapd.conf nor the server's capabilities offer GSSAPI: no Kerberos step.
    expect(outcome.steps).toHaveLength(1);
    expect(ctx.evidence.find((e) => e.label.startsWith('IMAP transport security'))?.text).toBe(
      'the server offers no STARTTLS: the login went in clear text',
    );
  });

  it('is OK for the admin logging in on behalf of the test user, saying the user itself was not tested', async () => {
    const { outcome } = await run(box.site('test1001', null, true));
    expect(outcome.status).toBe('ok');
    expect(outcome.summary).toMatch(
      /^the admin cyrus logs in to imapd at 127\.0\.0\.1:\d+ on behalf of test1001 \(PLAIN, \d+ ms\); /,
    );
    expect(outcome.summary).toMatch(/; test1001's own password is not configured, so not tested$/);
  });

  it("is CRIT when imapd refuses the test user's password, pointing at the config, saslauthd and AD", async () => {
    // catches: the test user's password refused by imapd
    const { outcome } = await run(box.site('test1001', WRONG_PW));
    expect(outcome.status).toBe('crit');
    expect(outcome.summary).toMatch(/^IMAP login of test1001 at 127\.0\.0\.1:\d+ refused the credentials/);
    expect(outcome.hint).toBe(
      "imapd refused test1001's password: check the password in the config, " +
        'then saslauthd on the host (testsaslauthd -u test1001) and the account in AD (kinit test1001)',
    );
    expect(outcome.metrics).toEqual([]);
  });

  it('is CRIT when imapd refuses the admin acting for the test user, pointing at admins in imapd.conf', async () => {
    const site = { ...box.site('test1001', null), imapAdmin: { login: 'cyrus', password: WRONG_PW } };
    const { outcome } = await run(site);
    expect(outcome.status).toBe('crit');
    expect(outcome.summary).toMatch(
      /^IMAP login of cyrus on behalf of test1001 at 127\.0\.0\.1:\d+ refused the credentials/,
    );
    expect(outcome.hint).toMatch(/^imapd refused the admin cyrus acting for test1001: .*admins \(or proxyservers\)/);
  });

  it('is CRIT when nothing listens where cyrus.conf puts imapd', async () => {
    // catches: imapd not listening where cyrus.conf puts it: connection refused
    const dead = await closedPort();
    const cyrusConf = `SERVICES {\n  imap cmd="imapd" listen="127.0.0.1:${dead}" prefork=0\n}\n`;
    const { outcome } = await run(undefined, box.facts({ cyrusConf }));
    expect(outcome.status).toBe('crit');
    expect(outcome.summary).toContain(`IMAP login of test1001 at 127.0.0.1:${dead} refused the connection`);
    expect(outcome.hint).toMatch(/^nothing listens on 127\.0\.0\.1:\d+ as seen from testhost: start cyrus imapd there/);
  });

  it('is CRIT naming cyrus.conf when it starts no imapd (imaps alone does not count)', async () => {
    const cyrusConf = `SERVICES {\n  imaps cmd="imapd -s" listen="127.0.0.1:${box.cyrus.imapPort}"\n}\n`;
    const { outcome } = await run(undefined, box.facts({ cyrusConf }));
    expect(outcome.status).toBe('crit');
    expect(outcome.summary).toBe('/etc/cyrus.conf has no imapd service in SERVICES (expected imap on port 143)');
  });

  it('is UNKNOWN naming the config key when no testUser is configured', async () => {
    const { outcome } = await run(box.site(null));
    expect(outcome.status).toBe('unknown');
    expect(outcome.summary).toBe('not configured: testUser (the test user to log in as)');
  });

  it('is WARN when imapd.conf lists GSSAPI but the host has no krb5.conf to get a ticket with', async () => {
    // catches: the Kerberos (GSSAPI) login impossible: no krb5.conf on the host, or no KDC answering
    const { outcome } = await run(undefined, withGssapi());
    expect(outcome.status).toBe('warn');
    expect(outcome.steps?.map((s) => s.status)).toEqual(['ok', 'warn']);
    expect(outcome.summary).toBe(
      'imapd offers GSSAPI but testhost has no /etc/krb5.conf: clients on it cannot get Kerberos tickets',
    );
    expect(outcome.hint).toBe("install the host's krb5.conf (realm and KDCs of AD)");
  });

  it('is WARN when no Kerberos ticket can be had because the only KDC of krb5.conf does not answer', async () => {
    const dead = await closedPort();
    const krb5 = [
      '[libdefaults]',
      ' default_realm = EXAMPLE.COM',
      '[realms]',
      ` EXAMPLE.COM = {\n  kdc = 127.0.0.1:${dead}\n }`,
      '',
    ].join('\n');
    const facts = { ...withGssapi(), ...seed(KRB5_CONF_TEXT_FACT, krb5), ...seed(KRB5_CONF_FACT, parseKrb5Conf(krb5)) };
    const { outcome } = await run(undefined, facts);
    const kerberos = outcome.steps?.[1];
    if (await kerberosAddon()) {
      expect(outcome.status).toBe('warn');
      expect(kerberos?.summary).toMatch(
        /^imapd offers GSSAPI, but no ticket for test1001@EXAMPLE\.COM could be had with testhost's krb5\.conf /,
      );
      expect(kerberos?.hint).toMatch(/^see identity\/kinit for the KDC and the account/);
    } else {
      // Without the optional kerberos addon the step says it could not test from here.
      expect(outcome.status).toBe('ok');
      expect(kerberos?.summary).toMatch(/^imapd offers GSSAPI; not tested from here: the optional kerberos addon/);
    }
  }, 30_000);

  it('is OK, not testing Kerberos, when only the admin logs in and imapd.conf lists GSSAPI', async () => {
    const { outcome } = await run(box.site('test1001', null, true), withGssapi());
    expect(outcome.status).toBe('ok');
    expect(outcome.summary).toMatch(
      /^the admin cyrus logs in .*; imapd offers GSSAPI; not tested: the test user's password is not configured/,
    );
  });

  it('leaves the Kerberos step out when the password login already failed', async () => {
    const { outcome } = await run(box.site('test1001', WRONG_PW), withGssapi());
    expect(outcome.status).toBe('crit');
    expect(outcome.steps).toHaveLength(1);
  });
});

describe('mailbox/imap-login when imapd offers every SASL mechanism it has', () => {
  it("asks for a krb5.conf when imapd's capabilities offer GSSAPI though imapd.conf does not list it", async () => {
    const open = await startMailboxCyrus();
    try {
      const ctx = makeContext({ site: open.site('test1001'), facts: open.facts() });
      expect(open.imapdConfText).not.toContain('sasl_mech_list');
      const outcome = await imapLoginCheck.run(ctx);
      expect(outcome.status).toBe('warn');
      expect(outcome.steps?.map((s) => s.name)).toEqual([
        `127.0.0.1:${open.cyrus.imapPort}`,
        `127.0.0.1:${open.cyrus.imapPort} GSSAPI`,
      ]);
      expect(outcome.summary).toBe(
        'imapd offers GSSAPI but testhost has no /etc/krb5.conf: clients on it cannot get Kerberos tickets',
      );
    } finally {
      await open.stop();
    }
  }, 60_000);
});

describe('mailbox/imap-login when STARTTLS fails', () => {
  it('is CRIT without sending the password, pointing at the certificate in imapd.conf', async () => {
    // catches: STARTTLS offered but failing, so no password is sent
    const broken = await startCyrus([
      'tls_server_cert: /nonexistent/server.crt',
      'tls_server_key: /nonexistent/server.key',
    ]);
    try {
      const cyrusConf = `SERVICES {\n  imap cmd="imapd" listen="127.0.0.1:${broken.imapPort}" prefork=0\n}\n`;
      const ctx = makeContext({
        site: box.site('test1001', new Secret('never-sent-pw', 'test')),
        facts: box.facts({ cyrusConf }),
      });
      const outcome = await imapLoginCheck.run(ctx);
      expect(outcome.status).toBe('crit');
      expect(outcome.summary).toMatch(/offers STARTTLS but refused it/);
      expect(outcome.hint).toMatch(/^imapd offers STARTTLS but the TLS session failed, so no password was sent: /);
      expect(ctx.evidence.map((e) => e.text).join('\n')).not.toContain('never-sent-pw');
    } finally {
      await broken.stop();
    }
  }, 60_000);
});
