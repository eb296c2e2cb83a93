// A groupware host for the OX checks: the lab's OX stand-ins (test/lab/standin/listuser, its user store and
// contexts), the lab's oxldapsync confs and mapping files, and a real mariadb as the configdb listuser logs in to,
// in a host file tree; and an AD stand-in, a real slapd with the lab's AD schema.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SiteConfig } from '../../../src/config/types.js';
import { Secret } from '../../../src/core/redact.js';
import type { ExecOptions, ExecResult } from '../../../src/transport/types.js';
import { startMariadb } from '../../helpers/daemons/mariadb.js';
import {
  freePort,
  readyOrCleanup,
  removeDir,
  startProcess,
  stopProcess,
  tempDir,
} from '../../helpers/daemons/process.js';
import type { Daemon } from '../../helpers/daemons/process.js';
import { fixtureTree, type FixtureTree } from '../../facts/fixture-hosts.js';
import { RootedTransport } from '../../facts/rooted-transport.js';

const LAB = fileURLToPath(new URL('../../lab/', import.meta.url));
export const BASE_DN = 'DC=example,DC=com';
export const BIND_DN = 'CN=svc-oxdoctor,OU=Service Accounts,DC=example,DC=com';
export const BIND_PW = 'Ad-Bind-Pw-5127';
export const OX_ADMIN = 'oxadmin';
const ADMIN_PW = 'Ox-Admin-Pw-8812';
const DB_PW = 'Configdb-Pw-3391';
export const MAIL_SERVER = '192.168.109.113'; // the mapping's imapserver/smtpserver

export interface AdAccount {
  readonly sam: string;
  readonly mail: string;
  readonly ox: boolean; // extensionAttribute1 set: the full-user filter matches, else the infostore filter
}

// The AD stand-in: slapd with the lab's AD schema, the given accounts, AD's 1000-entry limit.
export async function startAd(accounts: readonly AdAccount[]): Promise<Daemon & { url: string }> {
  const dir = tempDir('ad');
  mkdirSync(join(dir, 'db'));
  const port = await freePort();
  const conf = join(dir, 'slapd.conf');
  writeFileSync(
    conf,
    [
      'include /etc/ldap/schema/core.schema',
      'include /etc/ldap/schema/cosine.schema',
      `include ${join(LAB, 'hosts/ad/files/etc/ldap/schema/ad-lite.schema')}`,
      `pidfile ${dir}/slapd.pid`,
      'modulepath /usr/lib/ldap',
      'moduleload back_mdb',
      'sizelimit size.soft=1000 size.hard=1000',
      'database mdb',
      `suffix "${BASE_DN}"`,
      `rootdn "${BIND_DN}"`,
      `rootpw ${BIND_PW}`,
      `directory ${dir}/db`,
      '',
    ].join('\n'),
  );
  const parts = [`dn: ${BASE_DN}\nobjectClass: top\nobjectClass: domain\ndc: example\n`];
  for (const ou of ['OX Users', 'Infostore Users'])
    parts.push(`dn: OU=${ou},${BASE_DN}\nobjectClass: organizationalUnit\nou: ${ou}\n`);
  for (const a of accounts) {
    parts.push(
      `dn: CN=${a.sam},OU=${a.ox ? 'OX Users' : 'Infostore Users'},${BASE_DN}\n` +
        `objectClass: user\ncn: ${a.sam}\nsn: ${a.sam}\n` +
        `sAMAccountName: ${a.sam}\nmail: ${a.mail}\n${a.ox ? 'extensionAttribute1: OX\n' : ''}`,
    );
  }
  writeFileSync(join(dir, 'ad.ldif'), parts.join('\n'));
  execFileSync('slapadd', ['-q', '-f', conf, '-l', join(dir, 'ad.ldif')], { stdio: 'pipe' });
  const started = startProcess('/usr/sbin/slapd', ['-d', '0', '-f', conf, '-h', `ldap://127.0.0.1:${port}/`], { dir });
  await readyOrCleanup(port, started, dir);
  return {
    port,
    dir,
    url: `ldap://127.0.0.1:${port}`,
    stop: async () => {
      await stopProcess(started.child);
      removeDir(dir);
    },
  };
}

// The configdb listuser checks before answering: a real mariadb with the configdb and its user.
export async function startConfigdb(): Promise<Daemon> {
  const db = await startMariadb();
  execFileSync('mariadb', ['--no-defaults', '-S', join(db.dir, 'mysqld.sock'), '-uroot'], {
    input:
      `CREATE DATABASE configdb; CREATE USER 'oxusr'@'127.0.0.1' IDENTIFIED BY '${DB_PW}'; ` +
      "GRANT ALL ON configdb.* TO 'oxusr'@'127.0.0.1';\n",
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  return db;
}

export const ACCESS = [
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

// A user in OX's store: by default as the sync makes a full user (every module on) from its AD account.
export interface OxUser {
  readonly name: string;
  readonly mail?: string;
  readonly imapLogin?: string;
  readonly imapServer?: string;
  readonly smtpServer?: string;
  readonly access?: Readonly<Record<string, boolean>>; // overrides of the full set
}

export interface OxHostOptions {
  readonly configdbPort: number; // a port nothing listens on: configdb unreachable
  readonly users: readonly OxUser[];
  readonly ldaptype?: string; // the full-user conf's ldaptype (lab: ads)
  readonly adminDown?: boolean; // the admin daemon does not answer (listuser exits 105)
}

export interface OxHost {
  readonly tree: FixtureTree;
  readonly transport: RootedTransport;
}

// The stand-ins read their files under OX_STANDIN_ROOT instead of /opt/open-xchange.
class StandinTransport extends RootedTransport {
  override exec(argv: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    return super.exec(argv, { ...options, env: { ...options.env, OX_STANDIN_ROOT: `${this.root}/opt/open-xchange` } });
  }
}

export function oxHost(options: OxHostOptions): OxHost {
  const tree = fixtureTree();
  const vars: Record<string, string> = {
    LAB_AD_LDAP: '127.0.0.1',
    LAB_LDAP_PORT: '389',
    LAB_LDAP_BIND_DN: BIND_DN,
    LAB_BASE_DN: BASE_DN,
    LAB_OX_ADMIN: OX_ADMIN,
    OX_MAIL_SERVER: MAIL_SERVER,
  };
  const etc = join(LAB, 'hosts/groupware/files/opt/oxldapsync/etc');
  for (const f of [
    'ldapsync-ads.conf',
    'ldapsync-infostore-ads.conf',
    'mapping.ads.conf',
    'mapping-infostore.ads.conf',
  ]) {
    let text = readFileSync(join(etc, f), 'utf8').replace(/@([A-Z0-9_]+)@/g, (_, k: string) => vars[k] ?? '');
    if (f === 'ldapsync-ads.conf' && options.ldaptype)
      text = text.replace(/^ldaptype = .*$/m, `ldaptype = ${options.ldaptype}`);
    tree.write(`/opt/oxldapsync/etc/${f}`, text);
  }
  tree.write('/opt/open-xchange/sbin/listuser', readFileSync(join(LAB, 'standin/listuser'), 'utf8'), 0o755);
  tree.write(
    '/opt/open-xchange/etc/configdb.properties',
    [
      `readUrl=jdbc:mysql://127.0.0.1:${options.configdbPort}/configdb`,
      'readProperty.1=user=oxusr',
      `readProperty.2=password=${DB_PW}`,
      '',
    ].join('\n'),
  );
  const digest = createHash('sha256').update(ADMIN_PW).digest('hex');
  tree.write('/opt/open-xchange/var/standin-contexts.tsv', `1\t${OX_ADMIN}\t${digest}\t3\n`);
  const header = ['Id', 'Name', 'ImapLogin', 'PrimaryEmail', 'ImapServer', 'SmtpServer', ...ACCESS];
  const rows = [{ name: OX_ADMIN }, ...options.users].map((u, i) =>
    [
      String(i + 2),
      u.name,
      u.imapLogin ?? u.name,
      u.mail ?? `${u.name}@oxmail.example.com`,
      u.imapServer ?? MAIL_SERVER,
      u.smtpServer ?? MAIL_SERVER,
      ...ACCESS.map((a) => String(u.access?.[a] ?? true)),
    ].join('\t'),
  );
  tree.write('/opt/open-xchange/var/standin-users-1.tsv', [header.join('\t'), ...rows, ''].join('\n'));
  if (options.adminDown) tree.write('/opt/open-xchange/var/standin-admin.down', '');
  symlinkSync('/usr/bin/mariadb', join(tree.root, 'bin/mariadb'));
  return { tree, transport: new StandinTransport(tree.root, 'serverb') };
}

// The site: AD as endpoints.ldap, OX's context 1 and its admin, the test user.
export function oxSite(
  ad: { url: string },
  options: { adminPassword?: string | null; login?: string } = {},
): Partial<SiteConfig> {
  const password = options.adminPassword === undefined ? ADMIN_PW : options.adminPassword;
  return {
    endpoints: {
      ldap: { url: ad.url, bindDn: BIND_DN, bindPassword: new Secret(BIND_PW, 'env:AD_BIND_PW'), baseDn: BASE_DN },
    },
    ox: {
      context: 1,
      admin: OX_ADMIN,
      ...(password !== null ? { adminPassword: new Secret(password, 'file:/etc/oxdoctor/ox.pw') } : {}),
    },
    ...(options.login ? { testUser: { login: options.login, address: `${options.login}@oxmail.example.com` } } : {}),
  };
}
