// The bundle's proof on the lab: a distinct canary in every kind of place on relay, server A and server B (files
// of each format, a cron file, a running process's -P, a cron log line, AUTH PLAIN and Authorization lines in the
// logs), collected with the lab's real secrets in place (ldap maps' bind_pw, configdb), redacted into a tar.gz;
// no canary and no lab secret anywhere in it (contents, names, tar headers, manifest), and every planted file
// collected and redacted, not dropped. The hosts are restored afterwards.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BundleRedactor } from '../../src/bundle/redact/redactor.js';
import type { Manifest } from '../../src/bundle/manifest.js';
import { labExec, labPaths, type LabHost } from '../lab/lab.js';
import { labSite } from '../checks/mailbox/run.js';
import { collectLab } from './lab-collect.js';

const HOSTS: LabHost[] = ['relay', 'servera', 'serverb'];
const RUN = randomBytes(4).toString('hex');
const canary = (kind: string, host: string): string => `Cnry${kind}${host}${RUN}`;
const b64 = (s: string): string => Buffer.from(s).toString('base64');

// path -> content, per host; every path is new (checked before planting), so restoring is removing it. Only
// under the directories each lab host has of its own (bind mounts): the rest of /etc is shared by all hosts.
function plantedFiles(host: LabHost): Record<string, string> {
  const c = (k: string): string => canary(k, host);
  const files: Record<string, string> = {
    // Feb 31: never runs
    '/etc/cron.d/oxdoctor-canary': `0 0 31 2 * root /opt/open-xchange/sbin/listuser -A oxadmin -P '${c('cron')} x'\n`,
    '/etc/amavis/conf.d/99-oxdoctor-canary':
      `# $sql_password = '${c('amavis')} y';\n` +
      `# @lookup_sql_dsn = ( ['DBI:mysql:database=mail;host=127.0.0.1', 'u', '${c('dsn')}'] );\n1;\n`,
    '/etc/postfix/disclaimer-oxdoctor-canary': `bind_pw = ${c('map')} with space\n`,
  };
  if (host !== 'relay') {
    files['/opt/open-xchange/etc/oxdoctor-canary.properties'] =
      `com.openexchange.canary.adminPassword=${c('ox')} "q"\nreadProperty.9=password=${c('configdb')}\n`;
    files['/opt/oxldapsync/etc/oxdoctor-canary.conf'] = `bindpw = ${c('sync')}\nldappassword = ${c('ldappw')}\n`;
  }
  return files;
}

// Lines appended to a host's own existing file, and taken off again (the file restored byte for byte).
const APPENDED: Record<string, (host: LabHost) => string> = {
  '/etc/ldap/ldap.conf': (host) => `BINDPW ${canary('ldapconf', host)}\n`,
};

// Log lines and a process that carry canaries; logger lines stay in the logs (as any test's mail does).
function logLines(host: LabHost): string[][] {
  return [
    [
      'logger',
      '-p',
      'cron.info',
      '-t',
      'CROND',
      `(root) CMD (/opt/open-xchange/sbin/oxsync -P ${canary('cronlog', host)})`,
    ],
    [
      'logger',
      '-p',
      'mail.info',
      '-t',
      'postfix/smtpd',
      `< localhost[127.0.0.1]: AUTH PLAIN ${b64(`\0u\0${canary('auth', host)}`)}`,
    ],
    [
      'logger',
      '-p',
      'mail.info',
      '-t',
      'oxdoctor',
      `GET /ajax Authorization: Basic ${b64(`u:${canary('http', host)}`)}`,
    ],
  ];
}

interface Planted {
  host: LabHost;
  paths: string[]; // new files: removed afterwards
  dirs: string[]; // new directories: removed afterwards
  originals: Record<string, string>; // appended files: their content before
  pid?: string;
}
const created: Planted[] = [];
let dir: string;
let archive: string;

async function exists(host: LabHost, path: string): Promise<boolean> {
  return (await labExec(host, ['test', '-e', path])).code === 0;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'oxdoctor-canary-'));
  archive = join(dir, 'lab.tar.gz');
  for (const host of HOSTS) {
    const mine: Planted = { host, paths: [], dirs: [], originals: {} };
    created.push(mine);
    for (const [path, text] of Object.entries(plantedFiles(host))) {
      if (await exists(host, path)) continue; // e.g. an ldap.conf of the host's own: not planted, not asserted
      const parent = path.slice(0, path.lastIndexOf('/'));
      if (!(await exists(host, parent))) {
        mine.dirs.unshift(parent);
        await labExec(host, ['mkdir', '-p', parent]);
      }
      await labExec(host, ['sh', '-c', 'cat > "$1"', 'sh', path], { stdin: text });
      mine.paths.push(path);
    }
    for (const [path, line] of Object.entries(APPENDED)) {
      const before = await labExec(host, ['cat', path]);
      if (before.code !== 0) continue;
      mine.originals[path] = before.stdout;
      await labExec(host, ['sh', '-c', 'cat >> "$1"', 'sh', path], { stdin: line(host) });
    }
    for (const argv of logLines(host)) await labExec(host, argv);
    const ps = await labExec(host, [
      'sh',
      '-c',
      `sh -c 'sleep 170' oxsync -A oxadmin -P ${canary('ps', host)} -c 1 >/dev/null 2>&1 & echo $!`,
    ]);
    mine.pid = ps.stdout.trim();
  }
  await new Promise((r) => setTimeout(r, 1500)); // rsyslog writes the lines
  const site = await labSite();
  const hosts = site.hosts.filter((h) => (HOSTS as string[]).includes(h.name));
  await collectLab(site, hosts, new BundleRedactor(), archive);
}, 170_000);

afterAll(async () => {
  for (const c of created) {
    for (const [path, text] of Object.entries(c.originals)) {
      await labExec(c.host, ['sh', '-c', 'cat > "$1"', 'sh', path], { stdin: text });
      const after = await labExec(c.host, ['cat', path]);
      if (after.stdout !== text) throw new Error(`${c.host}:${path} not restored byte for byte`);
    }
    if (c.paths.length > 0) await labExec(c.host, ['rm', '-f', '--', ...c.paths]);
    for (const d of c.dirs) await labExec(c.host, ['rmdir', '--', d]);
    if (c.pid && /^\d+$/.test(c.pid)) await labExec(c.host, ['kill', c.pid]);
  }
  rmSync(dir, { recursive: true, force: true });
});

function walk(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .map((p) => join(root, p))
    .filter((p) => statSync(p).isFile());
}

describe('bundle canary on the lab', () => {
  it('holds no canary and no lab secret: contents, names, tar headers, manifest', async () => {
    const { secrets } = await labPaths();
    const lab = ['ldap-bind', 'configdb', 'ox-admin', 'cyrus-admin', 'ldap-admin', 'kdc-master'].map((n) =>
      readFileSync(`${secrets}/${n}.pw`, 'utf8').trim(),
    );
    const canaries = HOSTS.flatMap((h) =>
      [
        'cron',
        'ldapconf',
        'amavis',
        'dsn',
        'map',
        'ox',
        'configdb',
        'sync',
        'ldappw',
        'cronlog',
        'auth',
        'http',
        'ps',
      ].map((k) => canary(k, h)),
    );
    // the SASL and HTTP payloads as the log lines hold them (base64 of more than the canary)
    const payloads = HOSTS.flatMap((h) => [b64(`\0u\0${canary('auth', h)}`), b64(`u:${canary('http', h)}`)]);
    const forms = [...canaries, ...payloads, ...lab];
    const tarBytes = gunzipSync(readFileSync(archive)).toString('latin1');
    const out = join(dir, 'out');
    execFileSync('mkdir', ['-p', out]);
    execFileSync('tar', ['-xzf', archive, '-C', out]);
    const files = walk(out);
    expect(files.length).toBeGreaterThan(50);
    for (const f of forms) {
      expect(tarBytes.includes(f), `a secret in the tar stream: ${f.slice(0, 6)}…`).toBe(false);
      for (const p of files) expect(p.includes(f)).toBe(false);
    }
  });

  it('collected and redacted every file that held a canary or a lab secret', () => {
    const manifest = JSON.parse(
      execFileSync('tar', ['-xzOf', archive, 'manifest.json'], { encoding: 'utf8' }),
    ) as Manifest;
    const redacted = (host: string, path: string): number | undefined =>
      manifest.items.find((i) => i.host === host && i.path === path && i.kind === 'file')?.redactions;
    for (const host of HOSTS) {
      for (const path of Object.keys(plantedFiles(host)))
        expect(redacted(host, path), `${host}:${path}`).toBeGreaterThan(0);
      const ps = manifest.items.find((i) => i.host === host && i.argv?.[0] === 'ps');
      expect(ps?.redactionsByRule?.['ox-cli -P (process list)'], `${host}: ps`).toBeGreaterThan(0);
    }
    for (const host of ['servera', 'serverb']) {
      expect(redacted(host, '/etc/postfix/adlocalrecipients'), `${host}: bind_pw`).toBeGreaterThan(0);
      expect(redacted(host, '/opt/open-xchange/etc/configdb.properties'), `${host}: configdb`).toBeGreaterThan(0);
      const secretFile = manifest.items.find(
        (i) => i.host === host && i.path === '/opt/oxldapsync/etc/ldapbind.secret',
      );
      expect(secretFile).toMatchObject({ kind: 'metadata', metadata: { owner: expect.any(String) } });
      expect(secretFile?.archivePath).toBeUndefined();
    }
    for (const host of HOSTS) {
      const logs = manifest.items.filter((i) => i.host === host && i.kind === 'log');
      const byRule = (rule: string): number => logs.reduce((n, i) => n + (i.redactionsByRule?.[rule] ?? 0), 0);
      expect(byRule('SASL AUTH payload'), `${host}: maillog AUTH PLAIN`).toBeGreaterThan(0);
      expect(byRule('Authorization header'), `${host}: Authorization`).toBeGreaterThan(0);
      expect(byRule('ox-cli -P'), `${host}: cron log -P`).toBeGreaterThan(0);
    }
    expect(manifest.partial).toBe(false);
  });
});
