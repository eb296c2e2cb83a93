// Issue 4's bar: `ox/sync-coverage` on 10,000 AD users in under 3 s.
// The REAL check (checks/ox/sync-coverage.ts) runs through the real runner on a local-transport host against:
//   - a private, real slapd with the lab's AD schema (test/lab/hosts/ad/files/etc/ldap/schema/ad-lite.schema),
//     the lab's AD limits (1000-entry cap unless paged, the same indexes), loaded with BENCH_USERS (10,000) users
//     matched by the full-OX userfilter of ldapsync-ads.conf and BENCH_INFOSTORE (200) infostore-only users;
//   - the lab's OX stand-ins (test/lab/standin/listuser, oxldapsync.pl, oxsync) and the lab's oxldapsync confs and
//     mapping files (test/lab/hosts/groupware/files/opt/oxldapsync/etc), with a private real mariadb as configdb;
//     the OX user store is filled by running the stand-in sync against the private slapd, as the lab does.
// It runs twice RUNS times: on a local-transport host (oxdoctor on the groupware host), and over SSH through a real
// OpenSSH sshd (test/helpers/sshd.ts) as from an admin machine: listuser's CSV then crosses the SSH channel and AD
// is reached through forwardOut. The bar is checked for both.
// The check reads fixed paths (/opt/oxldapsync/etc/ldapsync*-ads.conf, /opt/open-xchange/sbin/listuser), so the
// bench re-runs itself in a private mount namespace (unshare -m, root) and bind-mounts temp dirs over
// /opt/open-xchange and /opt/oxldapsync there; nothing outside this process tree sees them.
// Run: npm run build && node dist/test/bench/sync-coverage.js
//   BENCH_USERS (10000), BENCH_INFOSTORE (200), BENCH_RUNS (3, median), BENCH_BAR_MS (3000)
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { Client } from 'ldapts';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  freePort,
  readyOrCleanup,
  removeDir,
  startProcess,
  stopProcess,
  tempDir,
  type Daemon,
} from '../helpers/daemons/process.js';
import { startMariadb } from '../helpers/daemons/mariadb.js';
import { loadConfig } from '../../src/config/index.js';
import { LocalTransport, createTransport } from '../../src/transport/index.js';
import type { HostSpec } from '../../src/core/host.js';
import type { SiteConfig } from '../../src/config/types.js';
import { startSshd } from '../helpers/sshd.js';
import type { Transport, ExecOptions, ReadOptions, ConnectOptions } from '../../src/transport/types.js';
import { Runner } from '../../src/runner/runner.js';
import { plan } from '../../src/runner/plan.js';
import { parseListuserCsv, field } from '../../src/ox/listuser-csv.js';
import { syncCoverageCheck } from '../../checks/ox/sync-coverage.js';
import { LISTUSER } from '../../src/ox/listuser-run.js';
import { SYNC_CONF_PATHS } from '../../src/facts/sync-confs.js';
import { median, verdict } from './measure.js';

const NS_FLAG = 'OXDOCTOR_BENCH_MOUNT_NS';
const USERS = Number(process.env.BENCH_USERS ?? 10_000);
const INFOSTORE = Number(process.env.BENCH_INFOSTORE ?? 200);
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const BAR_MS = Number(process.env.BENCH_BAR_MS ?? 3000);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url)); // the repository, from dist/test/bench/
const LAB = join(ROOT, 'test/lab');
const BASE_DN = 'DC=example,DC=com';
const BIND_DN = 'CN=svc-postfix,OU=Service Accounts,DC=example,DC=com';
const OX_ADMIN = 'oxadmin';
const out = (line = ''): void => void process.stdout.write(line + '\n');

if (process.env[NS_FLAG] !== '1') {
  // Re-run this script in a private mount namespace (mounts made there are invisible to everyone else).
  const r = spawnSync(
    'unshare',
    [
      '--mount',
      '--propagation',
      'private',
      process.execPath,
      ...process.execArgv,
      process.argv[1]!,
      ...process.argv.slice(2),
    ],
    {
      stdio: 'inherit',
      env: { ...process.env, [NS_FLAG]: '1' },
    },
  );
  if (r.error) throw r.error;
  process.exit(r.status ?? 1);
}

const dir = tempDir('bench-sync');
const oxRoot = join(dir, 'open-xchange'); // mounted on /opt/open-xchange
const syncRoot = join(dir, 'oxldapsync'); // mounted on /opt/oxldapsync
const mounted: string[] = [];
const daemons: Daemon[] = [];
// Started at the end of the module, once the helpers below (class Timed) are defined.
async function main(): Promise<void> {
  try {
    const setupStarted = performance.now();
    const ldapPw = 'Bench-Bind-' + Math.random().toString(36).slice(2);
    const adminPw = 'Bench-Ox-' + Math.random().toString(36).slice(2);
    const dbPw = 'Bench-Db-' + Math.random().toString(36).slice(2);
    const secret = (name: string, value: string): string => {
      const p = join(dir, name);
      writeFileSync(p, value, { mode: 0o600 });
      return p;
    };
    const ldapPwFile = secret('ldap-bind.pw', ldapPw);
    const adminPwFile = secret('ox-admin.pw', adminPw);

    // The AD stand-in: a real slapd with the lab's schema and limits.
    const slapd = await startAd(ldapPwFile);
    daemons.push(slapd);
    out(
      `slapd on 127.0.0.1:${slapd.port}: ${USERS} OX users + ${INFOSTORE} infostore users loaded in ${slapd.loadMs.toFixed(0)} ms`,
    );

    // The configdb the stand-ins log in to.
    const db = await startMariadb();
    daemons.push(db);
    // SQL on stdin: the (throwaway) password stays out of argv.
    execFileSync('mariadb', ['--no-defaults', '-S', join(db.dir, 'mysqld.sock'), '-uroot'], {
      input: `CREATE DATABASE configdb; CREATE USER 'oxusr'@'127.0.0.1' IDENTIFIED BY '${dbPw}'; GRANT ALL ON configdb.* TO 'oxusr'@'127.0.0.1';\n`,
      stdio: ['pipe', 'pipe', 'pipe'],
    });

    // /opt/oxldapsync and /opt/open-xchange as the lab's ox service prepares them (test/lab/services/ox.sh).
    const vars: Record<string, string> = {
      LAB_AD_LDAP: '127.0.0.1',
      LAB_LDAP_PORT: String(slapd.port),
      LAB_LDAP_BIND_DN: BIND_DN,
      LAB_BASE_DN: BASE_DN,
      LAB_OX_ADMIN: OX_ADMIN,
      OX_MAIL_SERVER: '127.0.0.1',
      LAB_VIP: '127.0.0.1',
      CONFIGDB_PW: dbPw,
    };
    const etcTemplates = join(LAB, 'hosts/groupware/files/opt/oxldapsync/etc');
    mkdirSync(join(syncRoot, 'etc'), { recursive: true });
    mkdirSync(join(syncRoot, 'sbin'), { recursive: true });
    for (const f of [
      'ldapsync-ads.conf',
      'ldapsync-infostore-ads.conf',
      'mapping.ads.conf',
      'mapping-infostore.ads.conf',
    ]) {
      writeFileSync(join(syncRoot, 'etc', f), render(readFileSync(join(etcTemplates, f), 'utf8'), vars));
    }
    copyFileSync(ldapPwFile, join(syncRoot, 'etc/ldapbind.secret'));
    copyFileSync(adminPwFile, join(syncRoot, 'etc/oxadmin.secret'));
    installProgram(join(LAB, 'standin/oxldapsync.pl'), join(syncRoot, 'sbin/oxldapsync.pl'));
    for (const d of ['sbin', 'etc', 'var']) mkdirSync(join(oxRoot, d), { recursive: true });
    for (const p of ['listuser', 'oxsync']) installProgram(join(LAB, 'standin', p), join(oxRoot, 'sbin', p));
    writeFileSync(
      join(oxRoot, 'etc/configdb.properties'),
      render(
        readFileSync(join(LAB, 'hosts/groupware/files/opt/open-xchange/etc/configdb.properties'), 'utf8'),
        vars,
      ).replace(':3313/', `:${db.port}/`),
      { mode: 0o640 },
    );
    initStore(adminPw);
    for (const [from, to] of [
      [oxRoot, '/opt/open-xchange'],
      [syncRoot, '/opt/oxldapsync'],
    ] as const) {
      execFileSync('mount', ['--bind', from, to], { stdio: 'pipe' });
      mounted.push(to);
    }

    // The stand-in sync fills the OX store from the directory (both confs, as cron's oxsync does).
    const syncEnv = {
      ...process.env,
      OXLDAPSYNC_LOG: join(dir, 'oxldapsync.log'),
      OX_LOG: join(dir, 'open-xchange.log.0'),
    };
    let t = performance.now();
    const sync = spawnSync('/opt/open-xchange/sbin/oxsync', [], { env: syncEnv, encoding: 'utf8' });
    if (sync.status !== 0)
      throw new Error(`oxsync exited ${sync.status}: ${sync.stderr}\n${readFileSync(syncEnv.OXLDAPSYNC_LOG, 'utf8')}`);
    const syncMs = performance.now() - t;
    const oxUsers =
      readFileSync(join(oxRoot, `var/standin-users-1.tsv`), 'utf8').split('\n').filter(Boolean).length - 1;
    out(
      `stand-in oxsync (both confs) filled the OX store with ${oxUsers} users (incl. the context admin) in ${syncMs.toFixed(0)} ms`,
    );
    out(`setup took ${((performance.now() - setupStarted) / 1000).toFixed(1)} s`);

    // The config a local groupware host would have: real loading, secrets by file reference.
    const configPath = join(dir, 'oxdoctor.yaml');
    writeFileSync(
      configPath,
      [
        'site: sync-coverage bench',
        'hosts:',
        '  bench: { local: true, roles: [groupware] }',
        'endpoints:',
        `  ldap: { url: "ldap://127.0.0.1:${slapd.port}", bindDn: "${BIND_DN}", bindPassword: { file: ${ldapPwFile} }, baseDn: "${BASE_DN}" }`,
        `ox: { context: 1, admin: ${OX_ADMIN}, adminPassword: { file: ${adminPwFile} } }`,
        '',
      ].join('\n'),
    );
    const site = await loadConfig({ explicitPath: configPath });

    // The check, RUNS times, each on a fresh runner and transport (no facts carried over): first with oxdoctor on
    // the groupware host itself (local transport), then over SSH as from an admin machine (a real sshd started in
    // this mount namespace, so it sees the same /opt): listuser's CSV crosses the SSH channel, AD is reached
    // through forwardOut, the conf files are read over SSH.
    const local = await runMode('local', site, () => new Timed(new LocalTransport('bench')));
    const sshd = await startSshd();
    const sshRuns = await (async () => {
      try {
        const knownHosts = join(dir, 'known_hosts');
        writeFileSync(knownHosts, sshd.knownHostsLine + '\n');
        const host: HostSpec = {
          name: 'bench-ssh',
          roles: ['groupware'],
          transport: {
            kind: 'ssh',
            ssh: {
              hostname: sshd.host,
              port: sshd.port,
              user: sshd.user,
              identityFiles: [sshd.clientKeyPath],
              knownHostsFiles: [knownHosts],
              connectTimeoutMs: 10_000,
              keepaliveIntervalMs: 15_000,
              maxChannels: 8,
            },
          },
        };
        return await runMode('over SSH', { ...site, hosts: [host] }, () => new Timed(createTransport(host)));
      } finally {
        await sshd.stop();
      }
    })();
    const last = local.last;
    const checkMs = local.checkMs;
    const status = local.status;

    // Where the time goes (last run): listuser and the LDAP search run in parallel inside the check.
    const csvText = last!.listuserStdout;
    const parseMs: number[] = [];
    let parsed = 0;
    for (let i = 0; i < 3; i++) {
      t = performance.now();
      const csv = parseListuserCsv(csvText);
      const names = new Set<string>();
      for (const u of csv.users) {
        const n = field(u, 'Name');
        if (n) names.add(n.toLowerCase());
      }
      parseMs.push(performance.now() - t);
      parsed = names.size;
    }
    out(
      `breakdown (last run): listuser exec ${last!.span('exec')} ms (${(csvText.length / 1e6).toFixed(1)} MB CSV, ${parsed} names); ` +
        `CSV parse + name set ${median(parseMs).toFixed(0)} ms (median of 3, measured apart); ` +
        `LDAP tunnel+bind+paged search (pageSize 500, both confs) ${last!.span('tunnel')} ms; conf reads ${last!.span('readFile')} ms`,
    );
    // Each part alone (nothing else running): the same listuser argv through the local transport, and the same
    // paged searches (both confs' userfilter, the mapped name attribute, pageSize 500) with ldapts.
    const listuserAlone: number[] = [];
    const ldapAlone: number[] = [];
    for (let i = 0; i < 3; i++) {
      t = performance.now();
      const r = await new LocalTransport('bench').exec([LISTUSER, '-c', '1', '-A', OX_ADMIN, '-s', '*', '--csv'], {
        env: { ADMIN_PASSWORD: adminPw },
        maxOutputBytes: 64 * 1024 * 1024,
      });
      if (r.code !== 0) throw new Error(`listuser exited ${r.code}: ${r.stderr}`);
      listuserAlone.push(performance.now() - t);
      t = performance.now();
      await searchAlone(slapd.port, ldapPw);
      ldapAlone.push(performance.now() - t);
    }
    out(
      `apart: listuser alone ${median(listuserAlone).toFixed(0)} ms, LDAP bind+paged searches alone ${median(ldapAlone).toFixed(0)} ms (medians of 3)`,
    );
    out(
      `median check duration of ${RUNS}: local ${median(checkMs).toFixed(0)} ms (runs: ${checkMs.join(', ')} ms); over SSH ${median(sshRuns.checkMs).toFixed(0)} ms (runs: ${sshRuns.checkMs.join(', ')} ms)`,
    );
    const pass = verdict(
      `ox/sync-coverage on ${USERS} AD users (+${INFOSTORE} infostore), local transport, median of ${RUNS}`,
      median(checkMs),
      BAR_MS,
    );
    const passSsh = verdict(
      `ox/sync-coverage on ${USERS} AD users (+${INFOSTORE} infostore), over SSH, median of ${RUNS}`,
      median(sshRuns.checkMs),
      BAR_MS,
    );
    const right = [local, sshRuns].every((m) => m.status === 'ok' && m.summary.includes(`${USERS} of ${USERS}`));
    out(
      `${right ? 'PASS' : 'FAIL'}  the check saw all ${USERS} AD users of ldapsync-ads.conf in OX, both ways (status ${status} / ${sshRuns.status})`,
    );
    process.exitCode = pass && passSsh && right ? 0 : 1;
  } finally {
    for (const m of mounted.reverse()) spawnSync('umount', [m]);
    for (const d of daemons.reverse()) await d.stop().catch(() => undefined);
    removeDir(dir);
  }
}

// The check's AD reading (adUsers in checks/ox/sync-coverage.ts) done by hand: bind, then per conf one paged search.
async function searchAlone(port: number, password: string): Promise<number> {
  const client = new Client({ url: `ldap://127.0.0.1:${port}` });
  let n = 0;
  try {
    await client.bind(BIND_DN, password);
    for (const filter of [
      '(&(objectclass=user)(mail=*)(extensionAttribute1=*))',
      '(&(objectclass=user)(mail=*)(!(extensionAttribute1=*)))',
    ]) {
      for await (const page of client.searchPaginated(BASE_DN, {
        scope: 'sub',
        filter,
        attributes: ['sAMAccountName'],
        paged: { pageSize: 500 },
      })) {
        n += page.searchEntries.length;
      }
    }
  } finally {
    await client.unbind().catch(() => undefined);
  }
  if (n !== USERS + INFOSTORE) throw new Error(`paged searches found ${n} entries, expected ${USERS + INFOSTORE}`);
  return n;
}

interface ModeRuns {
  readonly checkMs: number[];
  readonly last: Timed;
  readonly status: string;
  readonly summary: string;
}

async function runMode(label: string, site: SiteConfig, make: () => Timed): Promise<ModeRuns> {
  const items = plan([syncCoverageCheck], site.hosts);
  if (items.length !== 1) throw new Error(`expected one plan item, got ${items.length}`);
  const checkMs: number[] = [];
  let last: Timed | undefined;
  let status = '';
  let summary = '';
  for (let i = 0; i < RUNS; i++) {
    const transport = make();
    const runner = new Runner({ site, transportFor: () => transport });
    const t = performance.now();
    try {
      const report = await runner.sweep(items);
      const wall = performance.now() - t;
      const r = report.results[0]!;
      checkMs.push(r.durationMs);
      ({ status, summary } = r);
      last = transport;
      out(
        `${label} run ${i + 1}: ${r.status} in ${r.durationMs} ms (sweep wall ${wall.toFixed(0)} ms${transport.kind === 'ssh' ? ', SSH connect included' : ''}); listuser ${transport.span('exec')} ms, LDAP bind+paged search ${transport.span('tunnel')} ms`,
      );
    } finally {
      await transport.close();
    }
  }
  out(`${label}: check said: ${status.toUpperCase()} ${summary}`);
  return { checkMs, last: last!, status, summary };
}

function render(text: string, vars: Record<string, string>): string {
  return text.replace(/@([A-Z0-9_]+)@/g, (_, k: string) => {
    const v = vars[k];
    if (v === undefined) throw new Error(`no value for @${k}@`);
    return v;
  });
}

function installProgram(from: string, to: string): void {
  copyFileSync(from, to);
  chmodSync(to, 0o755);
}

// Context 1 and its admin (user 2), as ox_init_store in test/lab/services/ox.sh writes them.
function initStore(adminPw: string): void {
  const access = [
    'access-calendar',
    'access-contacts',
    'access-delegate-tasks',
    'access-edit-public-folder',
    'access-forum',
    'access-ical',
    'access-infostore',
    'access-pinboard-write',
    'access-projects',
    'access-read-create-shared-Folders',
    'access-rss-bookmarks',
    'access-rss-portal',
    'access-syncml',
    'access-tasks',
    'access-vcard',
    'access-webdav',
    'access-webdav-xml',
    'access-webmail',
  ];
  // listuser and oxldapsync.pl compare the sha256 of the password itself (the secret files have no newline).
  const digest = createHash('sha256').update(adminPw).digest('hex');
  writeFileSync(join(oxRoot, 'var/standin-contexts.tsv'), `1\t${OX_ADMIN}\t${digest}\t3\n`, { mode: 0o640 });
  const header = [
    'Id',
    'Name',
    'ImapLogin',
    'Display_name',
    'Given_name',
    'Sur_name',
    'PrimaryEmail',
    'Email1',
    'Aliases',
    'Mailenabled',
    'Language',
    'Timezone',
    'PasswordMech',
    'class',
    ...access,
  ];
  const admin = [
    '2',
    OX_ADMIN,
    OX_ADMIN,
    'Context Admin',
    'Admin',
    'User',
    `${OX_ADMIN}@example.com`,
    `${OX_ADMIN}@example.com`,
    `${OX_ADMIN}@example.com`,
    'true',
    'en_US',
    'Europe/Berlin',
    'crypt',
    'admin',
    ...access.map(() => 'true'),
  ];
  writeFileSync(join(oxRoot, 'var/standin-users-1.tsv'), `${header.join('\t')}\n${admin.join('\t')}\n`, {
    mode: 0o640,
  });
}

// A real slapd configured as the lab's AD (test/lab/hosts/ad/files/etc/ldap/slapd.conf) on a free port.
async function startAd(bindPwFile: string): Promise<Daemon & { loadMs: number }> {
  const sdir = tempDir('bench-slapd');
  mkdirSync(join(sdir, 'db'));
  const port = await freePort();
  const conf = join(sdir, 'slapd.conf');
  writeFileSync(
    conf,
    [
      'include /etc/ldap/schema/core.schema',
      'include /etc/ldap/schema/cosine.schema',
      `include ${join(LAB, 'hosts/ad/files/etc/ldap/schema/ad-lite.schema')}`,
      `pidfile ${sdir}/slapd.pid`,
      'modulepath /usr/lib/ldap',
      'moduleload back_mdb',
      'sizelimit size.soft=1000 size.hard=1000',
      'database mdb',
      'maxsize 1073741824',
      `suffix "${BASE_DN}"`,
      `rootdn "CN=Administrator,CN=Users,${BASE_DN}"`,
      `rootpw ${'Bench-Root-' + Math.random().toString(36).slice(2)}`,
      `directory ${sdir}/db`,
      'index objectClass eq',
      'index cn,sAMAccountName,mailNickname,userPrincipalName eq',
      'index mail,proxyAddresses eq,sub',
      'index extensionAttribute1 pres,eq',
      'limits users size.soft=1000 size.hard=1000 size.pr=1000 size.prtotal=unlimited',
      'limits anonymous size.soft=1000 size.hard=1000',
      'access to attrs=userPassword by self =xw by anonymous auth by * none',
      'access to * by users read by anonymous auth',
      '',
    ].join('\n'),
  );
  const hash = execFileSync('slappasswd', ['-h', '{SSHA}', '-T', bindPwFile], { encoding: 'utf8' }).trim();
  const ldif = join(sdir, 'ad.ldif');
  writeFileSync(ldif, directory(hash));
  const t = performance.now();
  execFileSync('slapadd', ['-q', '-f', conf, '-l', ldif], { stdio: 'pipe' });
  const loadMs = performance.now() - t;
  const started = startProcess('/usr/sbin/slapd', ['-d', '0', '-f', conf, '-h', `ldap://127.0.0.1:${port}/`], {
    dir: sdir,
  });
  await readyOrCleanup(port, started, sdir);
  return {
    port,
    dir: sdir,
    loadMs,
    stop: async () => {
      await stopProcess(started.child);
      removeDir(sdir);
    },
  };
}

// The lab's AD layout (test/lab/data/ad-data.sh) at bench scale: OX users (extensionAttribute1=OX, matched by
// ldapsync-ads.conf's userfilter) and infostore-only users (no extensionAttribute1).
function directory(bindHash: string): string {
  const parts: string[] = [];
  const group = `CN=OX Users,OU=Groups,${BASE_DN}`;
  const pls = '134000000000000000';
  parts.push(`dn: ${BASE_DN}\nobjectClass: top\nobjectClass: domain\ndc: example\n`);
  parts.push(`dn: CN=Users,${BASE_DN}\nobjectClass: container\ncn: Users\n`);
  for (const ou of ['Service Accounts', 'OX Users', 'Infostore Users', 'Groups'])
    parts.push(`dn: OU=${ou},${BASE_DN}\nobjectClass: organizationalUnit\nou: ${ou}\n`);
  parts.push(
    `dn: ${BIND_DN}\nobjectClass: user\ncn: svc-postfix\nsn: svc-postfix\nsAMAccountName: svc-postfix\nuserPrincipalName: svc-postfix@ad.example.com\nuserAccountControl: 66048\nuserPassword: ${bindHash}\n`,
  );
  const user = (ou: string, sam: string, given: string, mail: string, ext1: boolean, domain: string): string =>
    `dn: CN=${given} ${sam},OU=${ou},${BASE_DN}\nobjectClass: user\ncn: ${given} ${sam}\nsn: ${sam}\ngivenName: ${given}\ndisplayName: ${given} ${sam}\n` +
    `sAMAccountName: ${sam}\nuserPrincipalName: ${sam}@ad.example.com\nmail: ${mail}\nuserAccountControl: 512\npwdLastSet: ${pls}\n` +
    (ext1 ? `extensionAttribute1: OX\nmemberOf: ${group}\n` : '') +
    `proxyAddresses: SMTP:${sam}@${domain}\nproxyAddresses: smtp:${sam}@oxmail.example.com\n`;
  const width = String(Math.max(USERS, INFOSTORE)).length;
  for (let i = 1; i <= USERS; i++) {
    const sam = `ox${String(i).padStart(width, '0')}`;
    parts.push(
      user('OX Users', sam, 'User', `${sam}@oxmail.example.com`, true, i % 4 === 0 ? 'example.org' : 'example.com'),
    );
  }
  for (let i = 1; i <= INFOSTORE; i++) {
    const sam = `info${String(i).padStart(width, '0')}`;
    parts.push(
      user(
        'Infostore Users',
        sam,
        'Info',
        `${sam}@oxmail.example.com`,
        false,
        i % 4 === 0 ? 'example.org' : 'example.com',
      ),
    );
  }
  parts.push(`dn: ${group}\nobjectClass: group\ncn: OX Users\nsAMAccountName: OX Users\n`);
  return parts.join('\n') + '\n';
}

// The local transport, timing what the check does through it: exec (listuser), tunnel (LDAP), readFile (confs).
class Timed implements Transport {
  private readonly spans = new Map<string, number>();
  listuserStdout = '';
  constructor(private readonly inner: Transport) {}
  get host(): string {
    return this.inner.host;
  }
  get kind(): 'local' | 'ssh' {
    return this.inner.kind;
  }
  span(kind: string): number {
    return Math.round(this.spans.get(kind) ?? 0);
  }
  private add(kind: string, ms: number): void {
    this.spans.set(kind, (this.spans.get(kind) ?? 0) + ms);
  }
  ensureConnected(signal?: AbortSignal): Promise<void> {
    return this.inner.ensureConnected(signal);
  }
  async exec(argv: readonly string[], options?: ExecOptions) {
    const t = performance.now();
    const r = await this.inner.exec(argv, options);
    this.add('exec', performance.now() - t);
    if (argv[0] === LISTUSER) this.listuserStdout = r.stdout;
    return r;
  }
  execStream(argv: readonly string[], options?: ExecOptions) {
    return this.inner.execStream(argv, options);
  }
  async readFile(path: string, options?: ReadOptions) {
    const t = performance.now();
    const r = await this.inner.readFile(path, options);
    if (SYNC_CONF_PATHS.includes(path) || path.startsWith('/opt/oxldapsync/'))
      this.add('readFile', performance.now() - t);
    return r;
  }
  connect(host: string, port: number, options?: ConnectOptions) {
    return this.inner.connect(host, port, options);
  }
  async tunnel(host: string, port: number) {
    const t = performance.now();
    const tunnel = await this.inner.tunnel(host, port);
    return {
      host: tunnel.host,
      port: tunnel.port,
      close: async () => {
        await tunnel.close();
        this.add('tunnel', performance.now() - t);
      },
    };
  }
  info() {
    return this.inner.info();
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

await main();
