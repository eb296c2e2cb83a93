// STARTTLS and the admin's proxy login against the lab's cyrus (self-signed certificate, admin `cyrus`).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SiteConfig } from '../../../src/config/types.js';
import { Secret } from '../../../src/core/redact.js';
import type { Result } from '../../../src/core/result.js';
import { foldersCheck } from '../../../checks/mailbox/folders.js';
import { imapLoginCheck } from '../../../checks/mailbox/imap-login/index.js';
import { sentAclCheck } from '../../../checks/mailbox/sent-acl.js';
import { labPaths } from '../../lab/lab.js';
import { labSite, runChecks, show } from './run.js';

let site: SiteConfig;
let adminPassword: Secret;
beforeAll(async () => {
  site = await labSite();
  adminPassword = new Secret(
    readFileSync(join((await labPaths()).secrets, 'cyrus-admin.pw'), 'utf8').trim(),
    'cyrus admin',
  );
});

const evidence = (r: Result | undefined, label: RegExp) => r?.evidence.find((e) => label.test(e.label))?.text ?? '';

describe('IMAP STARTTLS on the lab', () => {
  it('logs in over STARTTLS and records the self-signed certificate as not trusted, password never in clear', async () => {
    const results = await runChecks(site, [imapLoginCheck]);
    expect(
      results.map((r) => r.status),
      show(results),
    ).toEqual(['ok', 'ok']);
    for (const r of results) {
      const tls = evidence(r, /IMAP transport security/);
      expect(tls).toMatch(/^STARTTLS: TLSv1\.[23]; certificate CN=\S+\.example\.com issued by CN=\S+\.example\.com/);
      expect(tls).toMatch(/NOT trusted: DEPTH_ZERO_SELF_SIGNED_CERT/);
      const transcript = evidence(r, /^IMAP login of test1001/).split('\n');
      const tlsAt = transcript.findIndex((l) => l.startsWith('#: TLS: '));
      const authAt = transcript.findIndex((l) => l.includes('AUTHENTICATE PLAIN'));
      expect(transcript[tlsAt - 1]).toMatch(/^S: A2 OK/);
      expect(tlsAt).toBeGreaterThan(0);
      expect(authAt).toBeGreaterThan(tlsAt);
    }
  }, 60_000);
});

describe('the cyrus admin logging in on behalf of the test user (no user password configured)', () => {
  const proxied = (login: string, password = adminPassword): SiteConfig => ({
    ...site,
    testUser: { login, address: `${login}@example.com` },
    imapAdmin: { login: 'cyrus', password },
  });

  it('reads the folders and the Sent Items ACL of the test user through the admin', async () => {
    const results = await runChecks(proxied('test1001'), [imapLoginCheck, foldersCheck, sentAclCheck]);
    expect(
      results.filter((r) => r.status !== 'ok'),
      show(results),
    ).toEqual([]);
    const login = results.find((r) => r.check === 'mailbox/imap-login' && r.host === 'servera');
    expect(login?.summary).toMatch(
      /the admin cyrus logs in to imapd at 127\.0\.10\.2:143 on behalf of test1001 \(PLAIN over STARTTLS/,
    );
    expect(results.find((r) => r.check === 'mailbox/sent-acl')?.summary).toMatch(
      /"INBOX\/Sent Items" of test1001 grants anyone p/,
    );
    expect(results.find((r) => r.check === 'mailbox/folders')?.summary).toMatch(/^test1001 has all 4 folders/);
    for (const r of results) expect(JSON.stringify(r)).not.toContain(adminPassword.reveal());
  }, 60_000);

  it('names a wrong admin password, and a hostile user name reaches no mailbox', async () => {
    const wrong = await runChecks(proxied('test1001', new Secret('not-the-admin-password', 'test')), [imapLoginCheck]);
    for (const r of wrong) {
      expect(r.status, show(wrong)).toBe('crit');
      expect(r.summary).toMatch(/IMAP login of cyrus on behalf of test1001 at .* refused the credentials/);
      expect(r.hint).toMatch(/admins \(or proxyservers\)/);
    }
    const hostile = await runChecks(proxied('*)(uid=*'), [foldersCheck]);
    expect(
      hostile.map((r) => r.status),
      show(hostile),
    ).toEqual(['crit', 'crit']);
    expect(hostile[0]?.summary).toMatch(/refused the credentials/);
  }, 60_000);
});

describe('tls.requireTrusted: no password over TLS the config does not trust', () => {
  it('sends no password to the self-signed cyrus and names the certificate; logs in once its SHA-256 is pinned', async () => {
    const userPassword = site.testUser!.password!.reveal();
    const strict = await runChecks({ ...site, tls: { requireTrusted: true, fingerprints: [] } }, [imapLoginCheck]);
    expect(
      strict.map((r) => r.status),
      show(strict),
    ).toEqual(['crit', 'crit']);
    const pins: string[] = [];
    for (const r of strict) {
      expect(r.summary).toMatch(
        /presented a certificate oxdoctor may not send a password to \(its certificate is not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT\) and the config sets tls\.requireTrusted: the password was not sent\)/,
      );
      expect(r.hint).toMatch(/add the fingerprint to tls\.fingerprints/);
      const all = r.evidence.map((e) => e.text).join('\n');
      expect(all).toContain('#: TLS: ');
      expect(all).not.toMatch(/AUTHENTICATE PLAIN|A\d+ LOGIN /);
      expect(JSON.stringify(r)).not.toContain(userPassword);
      pins.push(/SHA-256 ((?:[0-9A-F]{2}:){31}[0-9A-F]{2})/.exec(all)![1]!);
    }
    const pinned = await runChecks({ ...site, tls: { requireTrusted: true, fingerprints: pins } }, [imapLoginCheck]);
    expect(
      pinned.map((r) => r.status),
      show(pinned),
    ).toEqual(['ok', 'ok']);
    for (const r of pinned)
      expect(evidence(r, /IMAP transport security/)).toMatch(/trusted: its SHA-256 is pinned in tls\.fingerprints/);
  }, 60_000);
});
