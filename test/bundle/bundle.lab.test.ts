// `oxdoctor bundle` on the lab through the built binary: every host bundled into one tar.gz of mode 0600, unpacked
// with the system's tar; each component's files from each host, the sweep and README.txt, manifest.json complete
// and true to the archive; no lab secret anywhere (contents, names, headers, manifest, stdout, stderr); keytabs,
// keys, shadow and sasldb2 by metadata only; --dry-run writes nothing; --since and --until bound the logs.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../src/bundle/manifest.js';
import { buildCli, REPO, runCli, type Built, type Ran } from '../cli/build.js';
import { labExec, labPaths } from '../lab/lab.js';

const CONFIG = fileURLToPath(new URL('../lab/oxdoctor.yaml', import.meta.url));
const HOSTS = ['relay', 'servera', 'servera2', 'serverb'];
let built: Built;
let dir: string;
let secrets: string[];

const bundle = (...args: string[]): Promise<Ran> => runCli(built.bin, ['bundle', '--config', CONFIG, ...args]);

interface Unpacked {
  readonly run: Ran;
  readonly archive: string;
  readonly root: string; // the unpacked top directory
  readonly files: readonly string[]; // relative to root
  readonly manifest: Manifest;
}

async function bundleInto(name: string, ...args: string[]): Promise<Unpacked> {
  const archive = join(dir, `${name}.tar.gz`);
  const run = await bundle('--output', archive, ...args);
  const out = join(dir, `${name}.d`);
  execFileSync('mkdir', ['-p', out]);
  execFileSync('tar', ['-xzf', archive, '-C', out]);
  const root = join(out, name);
  const files = walk(root);
  const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')) as Manifest;
  return { run, archive, root, files, manifest };
}

function walk(root: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(root, rel), { withFileTypes: true })) {
    const path = rel === '' ? e.name : `${rel}/${e.name}`;
    if (e.isDirectory()) out.push(...walk(root, path));
    else out.push(path);
  }
  return out;
}

beforeAll(async () => {
  built = await buildCli();
  dir = mkdtempSync(join(tmpdir(), 'oxdoctor-bundle-lab-'));
  const { secrets: secretDir } = await labPaths();
  secrets = readdirSync(secretDir)
    .filter((f) => f.endsWith('.pw'))
    .map((f) => readFileSync(join(secretDir, f), 'utf8').trim())
    .filter((v) => v.length >= 4);
}, 300_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('oxdoctor bundle of every lab host', () => {
  let all: Unpacked;
  beforeAll(async () => {
    all = await bundleInto('all', '--since', '2h');
  }, 180_000);

  it('exits 0 with the archive named on stdout, mode 0600, laid out by host', () => {
    expect(all.run.stderr).toBe('');
    expect(all.run.code).toBe(0);
    expect(all.run.stdout).toContain(`bundle: ${all.archive}\n`);
    expect(all.run.stdout).toMatch(/^complete: \d+ items$/m);
    expect(statSync(all.archive).mode & 0o777).toBe(0o600);
    const tops = new Set(all.files.map((f) => f.split('/')[0]));
    expect([...tops].sort()).toEqual(['README.txt', 'manifest.json', 'oxdoctor', ...HOSTS].sort());
  });

  it("holds each component's files from each host", () => {
    const has = (host: string, path: string) => expect(all.files, `${host}/${path}`).toContain(`${host}/${path}`);
    for (const host of HOSTS) {
      has(host, 'postfix/etc/postfix/main.cf');
      has(host, 'postfix/etc/postfix/master.cf');
      has(host, 'postfix/commands/postconf-n.txt');
      has(host, 'postfix/commands/postqueue-p.txt');
      const under = (prefix: string) =>
        expect(
          all.files.some((f) => f.startsWith(`${host}/${prefix}`)),
          prefix,
        ).toBe(true);
      under('amavis/etc/amavis/'); // amavisd.conf on relay, conf.d/* on the others
      has(host, 'clamav/etc/clamav/clamd.conf');
      has(host, 'sasl-pam/etc/pam.d/imap');
      has(host, 'kerberos/etc/krb5.conf');
      has(host, 'ldap-client/etc/ldap/ldap.conf');
      has(host, 'cron/etc/crontab');
      has(host, 'syslog/etc/rsyslog.conf');
      has(host, 'system/etc/hosts');
      has(host, 'system/commands/ps.txt');
      has(host, 'system/commands/uname.txt');
      has(host, 'system/commands/packages-dpkg.txt');
      has(host, 'logs/var/log/maillog');
    }
    has('relay', 'postfix/etc/postfix/transport'); // a map main.cf names
    for (const host of ['servera', 'serverb']) {
      has(host, 'cyrus/etc/imapd.conf');
      has(host, 'cyrus/etc/cyrus.conf');
      has(host, 'cyrus/commands/mailboxes-summary.txt');
      has(host, 'kerberos/commands/keytab-principals-var_lib_imap_imap.keytab.txt');
      has(host, 'ox/commands/listuser-summary.txt');
      has(host, 'cron/etc/cron.d/ox');
      has(host, 'logs/var/log/cron');
      expect(all.files.some((f) => f.startsWith(`${host}/ox/opt/open-xchange/etc/`) && f.endsWith('.properties'))).toBe(
        true,
      );
      expect(all.files.some((f) => f.startsWith(`${host}/oxldapsync/opt/oxldapsync/etc/`))).toBe(true);
    }
    const read = (p: string) => readFileSync(join(all.root, p), 'utf8');
    expect(read('servera/postfix/commands/postconf-n.txt')).toMatch(/^myhostname = /m);
    expect(read('servera/cyrus/commands/mailboxes-summary.txt')).toMatch(/^mailboxes [1-9]\d*$/m);
    expect(read('servera/ox/commands/listuser-summary.txt')).toMatch(/^users [1-9]\d*$/m);
    expect(read('servera/kerberos/commands/keytab-principals-var_lib_imap_imap.keytab.txt')).toContain(
      'imap/node8888.example.com@AD.EXAMPLE.COM',
    );
  });

  it("holds oxdoctor's own sweep as JSON and a README naming its problems", () => {
    const sweep = JSON.parse(readFileSync(join(all.root, 'oxdoctor/check.json'), 'utf8')) as {
      results: { check: string; host: string; status: string }[];
    };
    expect(new Set(sweep.results.map((r) => r.host))).toEqual(new Set(HOSTS));
    const readme = readFileSync(join(all.root, 'README.txt'), 'utf8');
    expect(readme).toContain('oxdoctor support bundle: oxdoctor lab');
    const problems = sweep.results.filter((r) => r.status !== 'ok');
    if (problems.length === 0) expect(readme).toContain(`none: all ${sweep.results.length} checks OK`);
    for (const p of problems) expect(readme).toContain(` ${p.host} ${p.check}: `);
  });

  it('has manifest.json last, complete, and true to the archive (every entry, its size and sha256)', () => {
    const names = execFileSync('tar', ['-tzf', all.archive], { encoding: 'utf8' }).trim().split('\n');
    expect(names.at(-1)).toBe('all/manifest.json');
    const m = all.manifest;
    expect(m).toMatchObject({ version: 1, site: 'oxdoctor lab', obfuscated: false, partial: false });
    expect(m.hosts.map((h) => [h.name, h.status]).sort()).toEqual(
      [...HOSTS, 'oxdoctor'].map((h) => [h, 'complete']).sort(),
    );
    const written = m.items.filter((i) => i.archivePath !== undefined);
    expect(written.map((i) => i.archivePath!).sort()).toEqual(names.filter((n) => n !== 'all/manifest.json').sort());
    for (const i of m.items) {
      expect(i).toMatchObject({ truncated: expect.any(Boolean), timedOut: false, redactions: expect.any(Number) });
      expect(i.error).toBeUndefined();
      expect(Number.isNaN(Date.parse(i.start))).toBe(false);
      if (i.kind === 'command') expect(i.argv!.length).toBeGreaterThan(0);
      if (i.kind !== 'command') expect(i.path).toBeTruthy();
    }
    for (const i of written) {
      const data = readFileSync(join(dir, 'all.d', i.archivePath!));
      expect(data.length, i.archivePath).toBe(i.size);
      const sha = execFileSync('sha256sum', [join(dir, 'all.d', i.archivePath!)], { encoding: 'utf8' }).split(' ')[0];
      expect(sha, i.archivePath).toBe(i.sha256);
    }
    const commands = m.items.filter((i) => i.kind === 'command');
    expect(commands.find((c) => c.host === 'relay' && c.argv!.join(' ') === 'postconf -n')).toMatchObject({
      exitCode: 0,
    });
  });

  it('lists keytabs, private keys, shadow and sasldb2 by metadata only, never their content', () => {
    const meta = all.manifest.items.filter((i) => i.kind === 'metadata');
    for (const [host, path] of [
      ['servera', '/var/lib/imap/imap.keytab'],
      ['serverb', '/var/lib/imap/imap.keytab'],
      ['relay', '/etc/shadow'],
      ['servera', '/etc/sasldb2'],
      ['relay', '/etc/postfix/lab-tls.key'],
    ] as const) {
      const e = meta.find((i) => i.host === host && i.path === path);
      expect(e, `${host} ${path}`).toBeDefined();
      expect(e!.archivePath).toBeUndefined();
      expect(e!.metadata).toMatchObject({ mode: expect.stringMatching(/^-/), owner: expect.any(String) });
    }
    expect(all.files.filter((f) => /\.keytab$|\.key$|shadow|sasldb2|\.secret$/.test(f))).toEqual([]);
  });

  it('holds no lab secret anywhere: contents, names, tar headers, manifest, stdout, stderr', () => {
    expect(secrets.length).toBeGreaterThan(5);
    const raw = gunzipSync(readFileSync(all.archive)).toString('latin1'); // every header, name and byte
    for (const s of secrets) {
      expect(raw.includes(s), 'a lab secret in the archive').toBe(false);
      expect(raw.includes(Buffer.from(s).toString('base64').replace(/=+$/, '')), 'base64 of a secret').toBe(false);
      expect(all.run.stdout.includes(s) || all.run.stderr.includes(s)).toBe(false);
    }
    const redacted = all.manifest.items.filter((i) => i.redactions > 0);
    expect(redacted.length).toBeGreaterThan(0);
    for (const i of redacted) expect(i.redactedLines?.length).toBeGreaterThan(0);
  });
});

describe('oxdoctor bundle --dry-run', () => {
  it('lists the items with their sizes from the hosts and writes nothing', async () => {
    const before = readdirSync(REPO).filter((f) => f.endsWith('.tar.gz'));
    const empty = mkdtempSync(join(dir, 'dry-'));
    const r = await bundle('--dry-run', '--host', 'relay', '--output', join(empty, 'x.tar.gz'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^relay\tpostfix\tfile\t\d+(\.\d)?[KM]? ?B?\t\/etc\/postfix\/main\.cf$/m);
    expect(r.stdout).toMatch(/^relay\tsystem\tmetadata\t.*\t\/etc\/shadow$/m);
    expect(r.stdout).toMatch(/^relay\tlogs\tlog\t.*\t\/var\/log\/maillog$/m);
    expect(r.stdout).toMatch(/^relay\tpostfix\tcommand\t-\tpostconf-n: postconf -n$/m);
    expect(r.stdout).toMatch(/nothing written\n$/);
    expect(readdirSync(empty)).toEqual([]);
    expect(readdirSync(REPO).filter((f) => f.endsWith('.tar.gz'))).toEqual(before);
  });
});

describe('oxdoctor bundle: --since and --until bound the logs', () => {
  it('keeps a line logged after --since and leaves out one before it; --until the other way round', async () => {
    const marker = (which: string) => `oxdoctor-bundle-window-${which}-${randomBytes(4).toString('hex')}`;
    const [early, late] = [marker('early'), marker('late')];
    const log = (m: string) => labExec('relay', ['logger', '-p', 'mail.info', '-t', 'postfix/bundletest', m]);
    await log(early);
    await new Promise((r) => setTimeout(r, 2100));
    const cut = new Date(Date.now() - 500).toISOString().replace(/\.\d+Z$/, 'Z'); // whole seconds, as syslog
    await new Promise((r) => setTimeout(r, 2100));
    await log(late);
    await new Promise((r) => setTimeout(r, 500)); // rsyslog writes asynchronously
    const since = await bundleInto('since', '--host', 'relay', '--since', cut);
    const until = await bundleInto('until', '--host', 'relay', '--since', '10m', '--until', cut);
    const maillog = (u: Unpacked) => readFileSync(join(u.root, 'relay/logs/var/log/maillog'), 'latin1');
    expect(since.run.code).toBe(0);
    expect(maillog(since)).toContain(late);
    expect(maillog(since)).not.toContain(early);
    expect(until.run.code).toBe(0);
    expect(maillog(until)).toContain(early);
    expect(maillog(until)).not.toContain(late);
    expect(since.manifest.since).toBe(new Date(cut).toISOString());
    expect(until.manifest.until).toBe(new Date(cut).toISOString());
  });
});
