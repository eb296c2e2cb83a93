// `oxdoctor bundle` on the lab through the built binary: every host bundled into one tar.gz of mode 0600, unpacked
// with the system's tar; each component's files from each host, the sweep and README.txt, manifest.json complete
// and true to the archive; no lab secret anywhere (contents, names, headers, manifest, stdout, stderr); keytabs,
// keys, shadow and sasldb2 by metadata only; --dry-run writes nothing; --since and --until bound the logs.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
    // the default name is the lab site's; other runs in this checkout may write bundles of other sites
    const before = readdirSync(REPO).filter((f) => f.startsWith('oxdoctor-oxdoctor-lab-'));
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
    expect(readdirSync(REPO).filter((f) => f.startsWith('oxdoctor-oxdoctor-lab-'))).toEqual(before);
  });
});

describe('oxdoctor bundle: --since and --until bound the logs', () => {
  it('keeps a line logged after --since and leaves out one before it; --until the other way round', async () => {
    const marker = (which: string) => `oxdoctor-bundle-window-${which}-${randomBytes(4).toString('hex')}`;
    const [early, late] = [marker('early'), marker('late')];
    const log = (m: string) => labExec('relay', ['logger', '-p', 'mail.info', '-t', 'oxdoctor-bundletest', m]);
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

describe('oxdoctor bundle --obfuscate', () => {
  it('replaces hosts, domains, users and site addresses everywhere, the mapping beside the archive (0600)', async () => {
    const o = await bundleInto('obf', '--host', 'relay,servera', '--since', '1h', '--obfuscate');
    expect(o.run.code).toBe(0);
    const mapping = join(dir, 'obf.mapping.json');
    expect(o.run.stdout).toContain(`obfuscation mapping (keep it, never send it): ${mapping}\n`);
    expect(statSync(mapping).mode & 0o777).toBe(0o600);
    type Table = Record<string, string>;
    const map = JSON.parse(readFileSync(mapping, 'utf8')) as Record<'hosts' | 'domains' | 'users' | 'ipv4', Table>;
    expect(map.hosts).toMatchObject({ servera: expect.stringMatching(/^host\d+$/) });
    expect(map.hosts).toHaveProperty('node8888');
    expect(map.domains).toHaveProperty(['example.com']);
    // the test user (config), test1005 (a mailbox owner: servera's cyrus, listed before collecting), the site's
    // addresses in 127/8 (127.0.10.2: servera, the VIP); 127.0.0.1 stays
    expect(map.users).toMatchObject({ test1001: expect.stringMatching(/^user\d+$/), test1005: expect.any(String) });
    expect(map.users).not.toHaveProperty('cyrus');
    expect(map.ipv4).toMatchObject({ '127.0.10.2': expect.stringMatching(/^10\.0\.\d+\.\d+$/) });
    const raw = gunzipSync(readFileSync(o.archive)).toString('latin1');
    for (const name of ['node8888', 'example.com', 'EXAMPLE.COM', '"servera"', '/servera/', 'test1001', 'test1005']) {
      expect(raw.toLowerCase().includes(name.toLowerCase()), name).toBe(false);
    }
    expect(raw).not.toMatch(/(?<![\d.])127\.0\.10\.2(?![\d])/);
    expect(raw).toContain('127.0.0.1');
    expect(raw).toContain('cyrus/'); // the daemon's name, no user's
    // replaced, not merely absent: their stand-ins are there
    expect(raw).toMatch(new RegExp(`\\b${map.users.test1001}\\b`));
    expect(raw).toContain(`[${map.ipv4['127.0.10.2']}]`);
    expect(o.files.some((f) => f.startsWith(`${map.hosts.servera}/postfix/etc/postfix/main.cf`))).toBe(true);
    expect(o.files.every((f) => !f.endsWith('mapping.json'))).toBe(true);
    expect(o.manifest.obfuscated).toBe(true);
    // one name, one replacement, in configs, commands and the sweep alike
    const hostname = readFileSync(join(o.root, `${map.hosts.servera}/system/commands/hostname.txt`), 'utf8');
    expect(hostname).toContain(map.hosts.node8888);
    expect(readFileSync(join(o.root, 'oxdoctor/check.json'), 'utf8')).toContain(`"host": "${map.hosts.servera}"`);
  });
});

describe('oxdoctor bundle with a host that is not there', () => {
  it('is partial (exit 1): the host an error entry in the manifest, the others complete', async () => {
    const { sshKey, knownHosts } = await labPaths();
    const config = join(dir, 'ghost.yaml');
    const ghost =
      `hosts:\n  ghost:\n    address: 127.0.10.99\n    roles: [relay]\n` +
      `    ssh: { user: root, port: 22, identityFile: ${sshKey}, knownHosts: ${knownHosts}, connectTimeoutMs: 2000 }\n`;
    writeFileSync(config, readFileSync(CONFIG, 'utf8').replace(/^hosts:\n/m, ghost));
    const archive = join(dir, 'ghost.tar.gz');
    const r = await runCli(built.bin, ['bundle', '--config', config, '--host', 'ghost,relay', '--output', archive]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^partial: 1 of \d+ items failed or were cut short, hosts not collected: ghost/m);
    expect(r.stderr).toMatch(/^oxdoctor: the bundle is partial: .*ghost/m);
    execFileSync('mkdir', ['-p', join(dir, 'ghost.d')]);
    execFileSync('tar', ['-xzf', archive, '-C', join(dir, 'ghost.d')]);
    const m = JSON.parse(readFileSync(join(dir, 'ghost.d/ghost/manifest.json'), 'utf8')) as Manifest;
    expect(m.partial).toBe(true);
    expect(m.hosts.find((h) => h.name === 'ghost')).toMatchObject({ status: 'failed', items: 0, errors: 1 });
    expect(m.hosts.find((h) => h.name === 'relay')).toMatchObject({ status: 'complete', errors: 0 });
    const entry = m.items.find((i) => i.host === 'ghost');
    expect(entry).toMatchObject({ kind: 'host', error: expect.stringMatching(/^not reached: /) });
    expect(m.items.filter((i) => i.host === 'relay' && i.archivePath).length).toBeGreaterThan(50);
    expect(statSync(archive).mode & 0o777).toBe(0o600);
  });
});

describe('oxdoctor bundle --max-size', () => {
  it('stops adding items at the cap, each left out recorded as skipped, manifest.json last (exit 1)', async () => {
    const capped = await bundleInto('capped', '--host', 'relay', '--max-size', '20K');
    expect(capped.run.code).toBe(1);
    const skipped = capped.manifest.items.filter((i) => i.error?.startsWith('skipped: the archive reached --max-size'));
    expect(skipped.length).toBeGreaterThan(10);
    for (const s of skipped) expect(s.archivePath).toBeUndefined();
    expect(capped.manifest.partial).toBe(true);
    // what went in before the cap is whole; the cap is reached within one item's worth of data
    expect(statSync(capped.archive).size).toBeLessThan(2 * 1024 * 1024);
    expect(capped.files).toContain('manifest.json');
  });
});

describe('oxdoctor bundle: usage errors exit 3 and write nothing', () => {
  it.each([
    [['--max-size', 'lots'], /--max-size.*expected a size such as 200M/],
    [['--since', 'yesterday'], /--since.*expected --since as an age/],
    [['--host', 'nosuchhost'], /no host 'nosuchhost' in the config/],
    [['--since', '1h', '--until', '2h'], /--until is not after --since/],
  ])('%j', async (args, message) => {
    const r = await bundle(...args, '--output', join(dir, 'usage.tar.gz'));
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
    expect(readdirSync(dir)).not.toContain('usage.tar.gz');
  });

  it('never writes over a file', async () => {
    const existing = join(dir, 'existing.tar.gz');
    writeFileSync(existing, 'mine');
    const r = await bundle('--host', 'relay', '--output', existing);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/--output: .*existing\.tar\.gz exists/);
    expect(readFileSync(existing, 'utf8')).toBe('mine');
  });
});

describe('oxdoctor bundle on a terminal', () => {
  it('says per host what it collects on stderr, and no secret', async () => {
    const archive = join(dir, 'tty.tar.gz');
    const cmd = [
      'node',
      built.bin,
      'bundle',
      '--config',
      CONFIG,
      '--host',
      'relay',
      '--since',
      '1h',
      '--output',
      archive,
    ];
    expect(cmd.every((a) => /^[\w./:=-]+$/.test(a))).toBe(true); // one string for script(1), nothing to quote
    // script(1) gives the command a terminal on stdout and stderr alike
    const out = execFileSync('script', ['-qc', cmd.join(' '), '/dev/null'], {
      cwd: REPO,
      env: { ...process.env, NO_COLOR: '1', OXDOCTOR_CONFIG: '' },
      encoding: 'utf8',
    }).replace(/\r/g, '');
    for (const phase of ['connecting', 'config files (postfix, ', 'metadata and commands (', 'logs', 'done']) {
      expect(out).toContain(`oxdoctor: relay: ${phase}`);
    }
    expect(out).toContain(`bundle: ${archive}`);
    for (const s of secrets) expect(out.includes(s)).toBe(false);
  });
});

describe('oxdoctor bundle interrupted', () => {
  it('exits 130 on SIGINT and leaves no cut archive behind', async () => {
    const archive = join(dir, 'interrupted.tar.gz');
    const child = spawn(process.execPath, [built.bin, 'bundle', '--config', CONFIG, '--output', archive], {
      cwd: REPO,
      env: { ...process.env, CI: 'true', OXDOCTOR_CONFIG: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((done) => child.once('close', (code) => done(code)));
    const deadline = Date.now() + 30_000;
    while (!existsSync(archive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(existsSync(archive)).toBe(true); // being written
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toContain('oxdoctor: interrupted by SIGINT');
    expect(existsSync(archive)).toBe(false);
    expect(existsSync(join(dir, 'interrupted.mapping.json'))).toBe(false);
  });
});
