import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COLLECT_SPEC, isSecretOnly, postfixMapFiles, SECRET_ONLY_GLOBS } from '../../src/bundle/collect-spec/index.js';
import { MBOXLIST_AWK } from '../../src/bundle/collect-spec/cyrus.js';
import { JAVA_VERSION } from '../../src/bundle/collect-spec/system.js';
import {
  existingPathsArgv,
  guardsArgv,
  metadataArgv,
  parseGuards,
  parseLsLd,
  parsePaths,
} from '../../src/bundle/collect-spec/remote.js';
import type { CollectItem, Guard } from '../../src/bundle/collect-spec/types.js';

const items: CollectItem[] = COLLECT_SPEC.flatMap((c) => [...c.items]);
const run = (argv: string[], input?: string): string =>
  execFileSync(argv[0]!, argv.slice(1), { encoding: 'utf8', ...(input !== undefined ? { input } : {}) });

// sos's plugin conformance tests, for this spec: every item bounded, every path plain, no secret copied.
describe('the collection spec', () => {
  it.each(COLLECT_SPEC.map((c) => [c.title, c] as const))('%s: every item has a timeout and a size cap', (_t, c) => {
    for (const item of c.items) {
      expect(item.timeoutMs).toBeGreaterThan(0);
      if (item.kind === 'logs') expect(item.maxBytesPerFile).toBeGreaterThan(0);
      else if (item.kind !== 'metadata') expect(item.maxBytes).toBeGreaterThan(0);
    }
  });

  it('copies no secret-only file, and lists every named secret-only file by metadata', () => {
    for (const item of items)
      if (item.kind === 'files') for (const p of item.paths) expect(isSecretOnly(p), p).toBe(false);
    for (const p of SECRET_ONLY_GLOBS) expect(isSecretOnly(p.replace(/\*/g, 'x.key')), p).toBe(true);
    for (const p of ['/etc/krb5.keytab', '/var/lib/imap/imap.keytab', '/etc/sasldb2', '/etc/postfix/sasl_passwd.db'])
      expect(isSecretOnly(p)).toBe(true);
    for (const p of ['/etc/shadow', '/opt/oxldapsync/etc/ldapbind.secret', '/etc/pki/tls/private/mail.pem'])
      expect(isSecretOnly(p)).toBe(true);
    expect(isSecretOnly('/etc/postfix/adlocalrecipients')).toBe(false);
  });

  it('puts no secret in argv: passwords reach commands only through env, from the config', () => {
    for (const item of items) {
      if (item.kind !== 'command') continue;
      expect(item.argv.join(' ')).not.toMatch(/-A\s.*\s-P\s|--[a-z-]*pass|ADMIN_PASSWORD=/);
      for (const v of Object.values(item.env ?? {})) expect(v).toBe('oxAdminPassword');
      for (const m of item.argv.join(' ').matchAll(/(?<![%$])\{(\w+)\}/g))
        expect(['path', 'oxContext', 'oxAdmin']).toContain(m[1]);
    }
  });

  it('covers every component the issue names', () => {
    expect(new Set(COLLECT_SPEC.map((c) => c.name))).toEqual(
      new Set([
        'system',
        'postfix',
        'amavis',
        'clamav',
        'cyrus',
        'sasl-pam',
        'kerberos',
        'ldap-client',
        'ox',
        'oxldapsync',
        'apache',
        'cron',
        'syslog',
        'logs',
      ]),
    );
  });

  it('every guard and glob runs in a POSIX sh (dash here) and answers', () => {
    const guards: Guard[] = COLLECT_SPEC.map((c) => c.guard);
    const answers = parseGuards(run(guardsArgv(guards)), guards.length);
    expect(answers).toHaveLength(guards.length);
    expect(answers[COLLECT_SPEC.findIndex((c) => c.name === 'system')]).toBe(true);
    const globs = items.flatMap((i) => (i.kind === 'files' || i.kind === 'metadata' ? i.paths : []));
    const found = parsePaths(run(existingPathsArgv(globs)));
    expect(found).toContain('/etc/hosts');
    expect(parsePaths(run(existingPathsArgv(['/etc', '/etc/host*'], { filesOnly: true })))).not.toContain('/etc');
    expect(parsePaths(run(existingPathsArgv(['/etc'])))).toEqual(['/etc']);
    expect(found.every((p) => !p.includes('*'))).toBe(true);
    expect(() => existingPathsArgv(['/etc/$(id)'])).toThrow(/not a plain path/);
    expect(() => guardsArgv([{ kind: 'command', name: 'a;b' }])).toThrow(/not a command/);
  });
});

describe('remote metadata listing', () => {
  it('lists mode, owner, size and time of real files, never their content', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oxdoctor-meta-'));
    try {
      writeFileSync(join(dir, 'k.keytab'), 'Metadata-Canary-1', { mode: 0o600 });
      const out = run(metadataArgv([`${dir}/*.keytab`, `${dir}/missing`]));
      expect(out).not.toContain('Metadata-Canary-1');
      const [entry, ...rest] = parseLsLd(out);
      expect(rest).toEqual([]);
      expect(entry).toMatchObject({ path: `${dir}/k.keytab`, metadata: { mode: '-rw-------', size: 17 } });
      expect(entry?.metadata.mtime).toMatch(/^\w{3}\s+\d+\s+[\d:]+$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('postfixMapFiles', () => {
  it('names every map of the lab servers main.cf and master.cf; databases by metadata only', () => {
    const host = 'test/lab/hosts/serverb/files/etc/postfix';
    const maps = postfixMapFiles(readFileSync(`${host}/main.cf`, 'utf8'), readFileSync(`${host}/master.cf`, 'utf8'));
    expect(maps.copy).toEqual(
      expect.arrayContaining(['/etc/postfix/adlocalrecipients', '/etc/postfix/exchrecipients', '/etc/postfix/copyfix']),
    );
    expect(maps.copy.every((p) => p.startsWith('/etc/postfix/') && !p.endsWith('.db'))).toBe(true);
  });

  it('lists a password table and its database by metadata only', () => {
    const main = [
      'smtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd',
      'transport_maps = hash:$config_directory/transport',
      'virtual_alias_maps = proxy:ldap:/etc/postfix/ldap-aliases.cf, pcre:/etc/postfix/copyfix',
    ].join('\n');
    const maps = postfixMapFiles(
      main,
      'smtp inet n - n - - smtpd\n  -o smtpd_client_restrictions=cidr:/etc/postfix/c.cidr\n',
    );
    expect([...maps.copy].sort()).toEqual(
      ['/etc/postfix/c.cidr', '/etc/postfix/copyfix', '/etc/postfix/ldap-aliases.cf', '/etc/postfix/transport'].sort(),
    );
    expect([...maps.metadataOnly].sort()).toEqual(
      ['/etc/postfix/sasl_passwd', '/etc/postfix/sasl_passwd.db', '/etc/postfix/transport.db'].sort(),
    );
  });
});

describe('the mailbox list summary', () => {
  it('counts mailboxes and Sent Items granting anyone p, in cyrus 2.3 tab and 3.6 JSON dumps', () => {
    const tab =
      'user.bob.Sent Items\t0 default bob\tlrswipkxtecda\tanyone\tp\t\nuser.bob\t0 default bob\tlrswipkxtecda\t\n';
    const json = [
      '"user.t.Sent Items": {"name": "user.t.Sent Items", "acl": {"anyone": "p", "t": "lrswipkxtecdan"}},',
      '"user.f.Sent Items": {"name": "user.f.Sent Items", "acl": {"f": "lrswipkxtecdan"}}',
      '"user.f": {"name": "user.f", "acl": {"f": "lrswipkxtecdan"}}',
    ].join('\n');
    expect(run(['awk', MBOXLIST_AWK], tab)).toBe('mailboxes 2\nsent_items 1\nsent_items_anyone_p 1\n');
    expect(run(['awk', MBOXLIST_AWK], json)).toBe('mailboxes 3\nsent_items 2\nsent_items_anyone_p 1\n');
  });
});

describe('resolveArgv', () => {
  it('fills placeholders as argv elements and skips an item missing one', async () => {
    const { resolveArgv } = await import('../../src/bundle/collect-spec/placeholders.js');
    const listuser = items.find((i) => i.kind === 'command' && i.name === 'listuser-summary');
    if (listuser?.kind !== 'command') throw new Error('no listuser item');
    const argv = resolveArgv(listuser, { oxContext: '1', oxAdmin: "o'x admin" });
    expect(argv?.slice(-2)).toEqual(['1', "o'x admin"]);
    expect(resolveArgv(listuser, { oxContext: '1' })).toBeNull();
    expect(resolveArgv(listuser, { oxContext: '1', oxAdmin: 'a\nb' })).toBeNull();
    const rpm = items.find((i) => i.kind === 'command' && i.name === 'packages-rpm');
    if (rpm?.kind !== 'command') throw new Error('no rpm item');
    expect(resolveArgv(rpm, {})).toEqual([...rpm.argv]);
  });
});

describe("the java version (this machine's sh, a JDK laid out in a temporary directory)", () => {
  const version = (dir: string): string =>
    execFileSync('sh', ['-c', JAVA_VERSION], { encoding: 'utf8', env: { PATH: `${dir}/bin:/usr/bin:/bin` } });

  it("reads the JDK's release file instead of starting a JVM, and falls back to java -version without one", () => {
    const dir = mkdtempSync(join(tmpdir(), 'oxdoctor-jdk-'));
    try {
      execFileSync('mkdir', ['-p', `${dir}/jdk/bin`, `${dir}/bin`]);
      // a java that would say so if it were started
      writeFileSync(`${dir}/jdk/bin/java`, '#!/bin/sh\necho \'java version "1.6.0_45"\' >&2\n', { mode: 0o755 });
      execFileSync('ln', ['-s', `${dir}/jdk/bin/java`, `${dir}/bin/java`]);
      expect(version(dir)).toBe('java version "1.6.0_45"\n');
      writeFileSync(`${dir}/jdk/release`, 'JAVA_VERSION="17.0.13"\n');
      expect(version(dir)).toBe(`${dir}/jdk/bin/java\nJAVA_VERSION="17.0.13"\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
