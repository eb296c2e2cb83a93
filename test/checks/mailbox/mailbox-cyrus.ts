// A real cyrus-imapd per test file with the seed's test users, their folders, Sent Items ACLs and sieve
// scripts, and the facts and site a mailbox check needs to find it (cyrus.conf and imapd.conf as seeded facts).
import { execFileSync } from 'node:child_process';
import { chownSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import type { SiteConfig } from '../../../src/config/types.js';
import { Secret } from '../../../src/core/redact.js';
import { parseImapdConf } from '../../../src/cyrus/imapd-conf.js';
import { IMAPD_CONF_FACT } from '../../../src/facts/imapd-conf.js';
import { KRB5_CONF_FACT, KRB5_CONF_TEXT_FACT } from '../../../src/facts/krb5-conf.js';
import { imapSession } from '../../../src/protocols/imap-session.js';
import { startCyrus, type Cyrus } from '../../helpers/daemons/cyrus.js';
import { tcpOpener } from '../../helpers/tcp.js';
import { seed } from '../../facts/seed.js';
import { cyrusFacts } from '../service/seeded-facts.js';

export const ADMIN_PW = new Secret('cyrus-admin-pw', 'test');
export const USER_PW = new Secret('test-user-pw "ä"', 'test');
export const WRONG_PW = new Secret('not-the-password', 'test');

export const ALL_FOLDERS = ['Drafts', 'Sent Items', 'Junk', 'Trash'];

// What each user's mailbox looks like, as the seed's deployment leaves it or a fault does.
export interface MailboxUser {
  readonly login: string;
  readonly folders: readonly string[];
  readonly sentPost: boolean; // Sent Items grants "anyone p" (setpostacl ran)
  readonly sieve?: { readonly name: string; readonly active: boolean };
}

// test1001 as setpostacl and OX leave it; the others each with one thing wrong.
export const USERS: readonly MailboxUser[] = [
  { login: 'test1001', folders: ALL_FOLDERS, sentPost: true, sieve: { name: 'oxfilter', active: true } },
  {
    login: 'test1002',
    folders: ['Drafts', 'Sent Items', 'Trash'],
    sentPost: false,
    sieve: { name: 'oxfilter', active: false },
  },
  { login: 'test1003', folders: ['Drafts', 'Junk', 'Trash'], sentPost: false },
];

const SCRIPT = 'require ["fileinto"];\r\nif header :contains "subject" "[SPAM]" { fileinto "INBOX/Junk"; }\r\n';

export interface MailboxCyrus {
  readonly cyrus: Cyrus;
  readonly imapdConfText: string;
  // cyrus.conf (imapd and timsieved on this daemon's ports, unless given) and imapd.conf as the host has them.
  facts(options?: { cyrusConf?: string; imapdConf?: string }): Record<string, unknown>;
  // A site whose testUser is `login` with `password` (none: not configured), and optionally the cyrus admin.
  site(login: string | null, password?: Secret | null, admin?: boolean): Partial<SiteConfig>;
  admin(command: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startMailboxCyrus(extraConf: readonly string[] = []): Promise<MailboxCyrus> {
  // As the deployment (cyrus 2.3) names folders: INBOX/Sent Items, not 3.x's default alternate namespace.
  const cyrus = await startCyrus(['altnamespace: no', ...extraConf]);
  const sasldb = join(cyrus.dir, 'conf', 'sasldb2');
  const [uid, gid] = ['-u', '-g'].map((f) => Number(execFileSync('id', [f, 'cyrus']).toString().trim())) as [
    number,
    number,
  ];
  // The SASL realm of an unqualified login is imapd.conf's servername.
  for (const [user, pw] of [['cyrus', ADMIN_PW], ...USERS.map((u) => [u.login, USER_PW] as const)] as const) {
    execFileSync('saslpasswd2', ['-p', '-c', '-f', sasldb, '-u', 'imap.example.com', user], { input: pw.reveal() });
  }
  chownSync(sasldb, uid, gid);
  const admin = async (command: string): Promise<string> => {
    const r = await imapSession(tcpOpener(cyrus.imapPort), { login: 'cyrus', password: ADMIN_PW }, (c) =>
      c.command(command),
    );
    if (!r.ok || r.value.value.status !== 'OK') throw new Error(`${command}: ${r.transcript.join('\n')}`);
    return r.transcript.join('\n');
  };
  for (const u of USERS) {
    await admin(`CREATE "user/${u.login}"`);
    for (const f of u.folders) await admin(`CREATE "user/${u.login}/${f}"`);
    if (u.sentPost) await admin(`SETACL "user/${u.login}/Sent Items" anyone p`);
    if (u.sieve) await putSieveScript(cyrus.sievePort, u.login, USER_PW, u.sieve.name, u.sieve.active);
  }
  const imapdConfText = readFileSync(join(cyrus.dir, 'imapd.conf'), 'utf8');
  const cyrusConf = [
    'SERVICES {',
    `  imap cmd="imapd" listen="127.0.0.1:${cyrus.imapPort}" prefork=0`,
    `  sieve cmd="timsieved" listen="127.0.0.1:${cyrus.sievePort}" prefork=0`,
    '}',
  ].join('\n');
  return {
    cyrus,
    imapdConfText,
    facts: (options = {}) => ({
      ...cyrusFacts(options.cyrusConf ?? cyrusConf),
      ...seed(IMAPD_CONF_FACT, parseImapdConf(options.imapdConf ?? imapdConfText)),
      // This machine's own krb5.conf is not the host's.
      ...seed(KRB5_CONF_TEXT_FACT, null),
      ...seed(KRB5_CONF_FACT, null),
    }),
    site: (login, password = USER_PW, withAdmin = false) => ({
      ...(login ? { testUser: { login, address: `${login}@example.com`, ...(password ? { password } : {}) } } : {}),
      ...(withAdmin ? { imapAdmin: { login: 'cyrus', password: ADMIN_PW } } : {}),
    }),
    admin,
    stop: () => cyrus.stop(),
  };
}

// ManageSieve as OX's mail filter uses it: log in, PUTSCRIPT, and SETACTIVE when the script is to run.
async function putSieveScript(
  port: number,
  login: string,
  password: Secret,
  name: string,
  active: boolean,
): Promise<void> {
  const socket = connect({ host: '127.0.0.1', port });
  let buffer = '';
  let failure: Error | undefined;
  let wake = () => {};
  socket.setEncoding('utf8');
  socket.on('data', (d: string) => {
    buffer += d;
    wake();
  });
  socket.on('error', (err) => {
    failure = err;
    wake();
  });
  // Everything up to the next line starting with OK, NO or BYE; anything but OK is an error.
  const reply = async (): Promise<string> => {
    for (;;) {
      if (failure) throw failure;
      const m = /^(OK|NO|BYE)\b.*\r\n/m.exec(buffer);
      if (m) {
        const text = buffer.slice(0, m.index + m[0].length);
        buffer = buffer.slice(m.index + m[0].length);
        if (m[1] !== 'OK') throw new Error(`ManageSieve: ${text}`);
        return text;
      }
      await new Promise<void>((resolve) => (wake = resolve));
    }
  };
  try {
    await reply();
    const plain = Buffer.from(`\0${login}\0${password.reveal()}`).toString('base64');
    socket.write(`AUTHENTICATE "PLAIN" "${plain}"\r\n`);
    await reply();
    socket.write(`PUTSCRIPT "${name}" {${Buffer.byteLength(SCRIPT)}+}\r\n${SCRIPT}\r\n`);
    await reply();
    if (active) {
      socket.write(`SETACTIVE "${name}"\r\n`);
      await reply();
    }
    socket.write('LOGOUT\r\n');
  } finally {
    socket.end();
  }
}
