// The bundle's proof through the real command: a distinct canary in every kind of place issue 18 lists on relay,
// server A and server B (a cron file, a cron log line and a running process with -P, ldap.conf BINDPW, amavis
// $sql_password and DSN, a postfix table's bind_pw beside the real ldap maps' bind_pw, OX *Password and
// configdb properties, oxldapsync bindpw/ldappassword, ssmtp AuthPass, AUTH PLAIN and Authorization log lines),
// `oxdoctor bundle` run, the archive unpacked: no canary and no lab secret in contents, names, tar headers,
// manifest, stdout or stderr, and every file that held one collected and redacted, not dropped. The hosts are
// restored byte for byte afterwards.
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labExec, labPaths, type LabHost } from '../lab/lab.js';
import { runBundle, unpack, type BundleRun, type Unpacked } from './command-run.js';

const HOSTS: LabHost[] = ['relay', 'servera', 'serverb'];
const RUN = randomBytes(4).toString('hex');
const canary = (kind: string, host: string): string => `Cnry${kind}${host}${RUN}`;
const b64 = (s: string): string => Buffer.from(s).toString('base64');
// /etc/ssmtp is not one of the hosts' own directories: one file all hosts see (this machine has none).
const SSMTP = '/etc/ssmtp/ssmtp.conf';

// New files per host (each checked absent before planting; restoring is removing it), only under the
// directories each lab host has of its own (bind mounts).
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
const FILE_KINDS = ['cron', 'amavis', 'dsn', 'map', 'ox', 'configdb', 'sync', 'ldappw'];

// Lines appended to a host's own existing file, and taken off again (the file restored byte for byte).
const APPENDED: Record<string, (host: LabHost) => string> = {
  '/etc/ldap/ldap.conf': (host) => `BINDPW ${canary('ldapconf', host)}\n`,
};

function logLines(host: LabHost): string[][] {
  const cronLine = `(root) CMD (/opt/open-xchange/sbin/oxsync -P ${canary('cronlog', host)})`;
  const auth = `< localhost[127.0.0.1]: AUTH PLAIN ${b64(`\0u\0${canary('auth', host)}`)}`;
  const http = `GET /ajax Authorization: Basic ${b64(`u:${canary('http', host)}`)}`;
  return [
    ['logger', '-p', 'cron.info', '-t', 'CROND', cronLine],
    ['logger', '-p', 'mail.info', '-t', 'postfix/smtpd', auth],
    ['logger', '-p', 'mail.info', '-t', 'oxdoctor', http],
  ];
}

interface Planted {
  host: LabHost;
  paths: string[];
  dirs: string[];
  originals: Record<string, string>;
  pid?: string;
}
const planted: Planted[] = [];
let ssmtpPlanted = false;
let run: BundleRun;
let bundle: Unpacked;

const exists = async (host: LabHost, path: string): Promise<boolean> =>
  (await labExec(host, ['test', '-e', path])).code === 0;
const write = (host: LabHost, path: string, text: string) =>
  labExec(host, ['sh', '-c', 'cat > "$1"', 'sh', path], { stdin: text });

async function plant(host: LabHost): Promise<void> {
  const mine: Planted = { host, paths: [], dirs: [], originals: {} };
  planted.push(mine);
  for (const [path, text] of Object.entries(plantedFiles(host))) {
    if (await exists(host, path)) throw new Error(`${host}:${path} exists: not planting over it`);
    const parent = path.slice(0, path.lastIndexOf('/'));
    if (!(await exists(host, parent))) {
      mine.dirs.unshift(parent);
      await labExec(host, ['mkdir', '-p', parent]);
    }
    await write(host, path, text);
    mine.paths.push(path);
  }
  for (const [path, line] of Object.entries(APPENDED)) {
    const before = await labExec(host, ['cat', path]);
    if (before.code !== 0) throw new Error(`${host}:${path} missing`);
    mine.originals[path] = before.stdout;
    await labExec(host, ['sh', '-c', 'cat >> "$1"', 'sh', path], { stdin: line(host) });
  }
  for (const argv of logLines(host)) await labExec(host, argv);
  // the -P stays in the sh's argv (`; :` keeps sh from exec'ing sleep in its place)
  const ps = await labExec(host, [
    'sh',
    '-c',
    `sh -c 'sleep 200; :' oxsync -A oxadmin -P ${canary('ps', host)} -c 1 >/dev/null 2>&1 & echo $!`,
  ]);
  mine.pid = ps.stdout.trim();
}

beforeAll(async () => {
  if (await exists('relay', '/etc/ssmtp')) throw new Error('/etc/ssmtp exists: not planting over it');
  await labExec('relay', ['mkdir', '/etc/ssmtp']);
  ssmtpPlanted = true;
  await write(
    'relay',
    SSMTP,
    `root=postmaster\nmailhub=127.0.0.1:11025\nAuthUser=u\nAuthPass=${canary('ssmtp', 'all')}\n`,
  );
  for (const host of HOSTS) await plant(host);
  await new Promise((r) => setTimeout(r, 1500)); // rsyslog writes the lines
  run = await runBundle(['--since', '1d']);
  bundle = unpack(run);
}, 280_000);

afterAll(async () => {
  const problems: string[] = [];
  for (const p of planted) {
    if (p.pid && /^\d+$/.test(p.pid)) {
      await labExec(p.host, ['pkill', '-P', p.pid]); // its sleep
      await labExec(p.host, ['kill', p.pid]);
    }
    for (const [path, text] of Object.entries(p.originals)) {
      await write(p.host, path, text);
      if ((await labExec(p.host, ['cat', path])).stdout !== text) problems.push(`${p.host}:${path} not restored`);
    }
    if (p.paths.length > 0) await labExec(p.host, ['rm', '-f', '--', ...p.paths]);
    for (const d of p.dirs) await labExec(p.host, ['rmdir', '--', d]);
    for (const path of [...p.paths, ...p.dirs])
      if (await exists(p.host, path)) problems.push(`${p.host}:${path} left behind`);
  }
  if (ssmtpPlanted) {
    await labExec('relay', ['rm', '-f', SSMTP]);
    await labExec('relay', ['rmdir', '/etc/ssmtp']);
  }
  if (run) rmSync(run.dir, { recursive: true, force: true });
  if (problems.length > 0) throw new Error(problems.join('; '));
});

describe('oxdoctor bundle: the canary proof through the command', () => {
  it('writes an archive (exit 0 complete, 1 partial)', () => {
    expect(run.ran.stderr).not.toMatch(/not yet available/);
    expect([0, 1], run.ran.stderr.slice(0, 2000)).toContain(run.ran.code);
    expect(bundle.files.length).toBeGreaterThan(50);
  });

  it('holds no canary and no lab secret: contents, names, tar headers, manifest, stdout, stderr', async () => {
    const { secrets } = await labPaths();
    const lab = ['ldap-bind', 'configdb', 'ox-admin', 'cyrus-admin', 'ldap-admin', 'kdc-master'].map((n) =>
      readFileSync(`${secrets}/${n}.pw`, 'utf8').trim(),
    );
    const kinds = [...FILE_KINDS, 'ldapconf', 'cronlog', 'auth', 'http', 'ps'];
    const canaries = [...HOSTS.flatMap((h) => kinds.map((k) => canary(k, h))), canary('ssmtp', 'all')];
    const payloads = HOSTS.flatMap((h) => [b64(`\0u\0${canary('auth', h)}`), b64(`u:${canary('http', h)}`)]);
    const manifestText = JSON.stringify(bundle.manifest);
    for (const f of [...canaries, ...payloads, ...lab]) {
      const label = f.slice(0, 8);
      expect(bundle.tarText.includes(f), `in the tar stream: ${label}…`).toBe(false);
      expect(
        bundle.names.some((n) => n.includes(f)),
        `in an entry name: ${label}…`,
      ).toBe(false);
      expect(
        bundle.files.some((p) => p.includes(f)),
        `in an unpacked path: ${label}…`,
      ).toBe(false);
      expect(manifestText.includes(f), `in the manifest: ${label}…`).toBe(false);
      expect(run.ran.stdout.includes(f), `on stdout: ${label}…`).toBe(false);
      expect(run.ran.stderr.includes(f), `on stderr: ${label}…`).toBe(false);
    }
    // the canaries' common prefix with the run's id proves the search looked at text that would hold them
    expect(bundle.tarText.includes('Cnry')).toBe(false);
  });

  it('collected and redacted every file that held a canary or a lab secret', () => {
    const items = bundle.manifest.items;
    const file = (host: string, path: string) =>
      items.find((i) => i.host === host && i.path === path && i.kind !== 'metadata');
    const redacted = (host: string, path: string): void => {
      const item = file(host, path);
      expect(item, `${host}:${path} not in the manifest`).toBeDefined();
      expect(item?.archivePath, `${host}:${path} dropped`).toBeDefined();
      expect(item?.redactions, `${host}:${path} redactions`).toBeGreaterThan(0);
    };
    for (const host of HOSTS) {
      for (const path of [...Object.keys(plantedFiles(host)), ...Object.keys(APPENDED), SSMTP]) redacted(host, path);
      const ps = items.find((i) => i.host === host && i.argv?.[0] === 'ps');
      expect(ps?.redactions, `${host}: ps`).toBeGreaterThan(0);
      const logs = items.filter((i) => i.host === host && i.kind === 'log');
      const byRule = (rule: RegExp): number =>
        logs.reduce(
          (n, i) => n + Object.entries(i.redactionsByRule ?? {}).reduce((m, [r, c]) => (rule.test(r) ? m + c : m), 0),
          0,
        );
      expect(byRule(/SASL AUTH/), `${host}: maillog AUTH PLAIN`).toBeGreaterThan(0);
      expect(byRule(/Authorization/), `${host}: Authorization`).toBeGreaterThan(0);
      expect(byRule(/-P/), `${host}: cron log -P`).toBeGreaterThan(0);
    }
    for (const host of ['servera', 'serverb']) {
      redacted(host, '/etc/postfix/adlocalrecipients');
      redacted(host, '/opt/open-xchange/etc/configdb.properties');
      const secretFile = items.find((i) => i.host === host && i.path === '/opt/oxldapsync/etc/ldapbind.secret');
      expect(secretFile, `${host}: ldapbind.secret listed`).toMatchObject({ kind: 'metadata' });
      expect(secretFile?.archivePath, `${host}: ldapbind.secret copied`).toBeUndefined();
    }
  });

  it('the redacted files keep their lines, the values masked', () => {
    const item = bundle.manifest.items.find(
      (i) => i.host === 'servera' && i.path === '/etc/cron.d/oxdoctor-canary' && i.archivePath,
    );
    const text = readFileSync(
      bundle.files.find((f) => f.endsWith(`/${item!.archivePath!}`))!,
      'latin1',
    );
    expect(text).toMatch(/^0 0 31 2 \* root \/opt\/open-xchange\/sbin\/listuser -A oxadmin -P \S/);
    expect(text).not.toContain(" x'");
  });
});
