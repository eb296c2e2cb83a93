// STARTTLS and the admin's proxy login (SASL PLAIN authzid) against a real cyrus 3.6 started here with a
// self-signed certificate; the STARTTLS injection case against a server replaying cyrus's own lines.
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../src/core/redact.js';
import { imapSession, type ImapCredentials } from '../../src/protocols/imap-session.js';
import { startCyrus, type Cyrus } from '../helpers/daemons/cyrus.js';
import { scriptedServer, tcpOpener } from '../helpers/tcp.js';

const ADMIN = new Secret('admin pw "ä"', 'test');
const BOB = new Secret('bob-secret-pw', 'test');

describe('IMAP sessions over STARTTLS against a real cyrus', () => {
  let cyrus: Cyrus;
  let key: string;
  let certDir: string;
  beforeAll(async () => {
    certDir = mkdtempSync(join(tmpdir(), 'oxdoctor-imap-tls-'));
    chmodSync(certDir, 0o755);
    key = join(certDir, 'server.key');
    const cert = join(certDir, 'server.crt');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '2',
        '-subj',
        '/CN=imap.example.com',
        '-addext',
        'subjectAltName=DNS:imap.example.com',
        '-keyout',
        key,
        '-out',
        cert,
      ],
      { stdio: 'ignore' },
    );
    const [uid, gid] = ['-u', '-g'].map((f) => Number(execFileSync('id', [f, 'cyrus']).toString().trim())) as [
      number,
      number,
    ];
    for (const f of [key, cert]) chownSync(f, uid, gid);
    chmodSync(key, 0o600);
    cyrus = await startCyrus([`tls_server_cert: ${cert}`, `tls_server_key: ${key}`]);
    const sasldb = join(cyrus.dir, 'conf', 'sasldb2');
    // The SASL realm of an unqualified login is imapd.conf's servername.
    for (const [user, pw] of [
      ['cyrus', ADMIN],
      ['bob', BOB],
    ] as const) {
      execFileSync('saslpasswd2', ['-p', '-c', '-f', sasldb, '-u', 'imap.example.com', user], { input: pw.reveal() });
    }
    chownSync(sasldb, uid, gid);
    const created = await imapSession(
      tcpOpener(cyrus.imapPort),
      { login: 'cyrus', password: ADMIN },
      (c) => c.command('CREATE "user/bob"'),
      { tlsName: 'imap.example.com' },
    );
    if (!created.ok || created.value.value.status !== 'OK')
      throw new Error(`cannot create bob's mailbox: ${created.transcript.join('\n')}`);
  }, 60_000);
  afterAll(async () => {
    await cyrus?.stop();
    rmSync(certDir, { recursive: true, force: true });
  });

  const session = (credentials: ImapCredentials, tlsName = 'imap.example.com') =>
    imapSession(tcpOpener(cyrus.imapPort), credentials, (c) => c.command('MYRIGHTS INBOX'), { tlsName });

  it('upgrades before authenticating and reports the certificate it saw', async () => {
    const r = await session({ login: 'bob', password: BOB });
    expect(r.ok, r.ok ? '' : r.message).toBe(true);
    if (!r.ok) return;
    expect(r.value.tls).toMatchObject({
      subject: 'imap.example.com',
      issuer: 'imap.example.com',
      authorized: false,
      authorizationError: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    });
    expect(r.value.tls?.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    const sent = r.transcript.filter((l) => l.startsWith('C: ') || l.startsWith('#: '));
    expect(sent.slice(0, 5)).toEqual([
      'C: A1 CAPABILITY',
      'C: A2 STARTTLS',
      expect.stringMatching(/^#: TLS: TLSv1\.3; certificate CN=imap\.example\.com .*NOT trusted/),
      'C: A3 CAPABILITY',
      'C: A4 AUTHENTICATE PLAIN ********',
    ]);
    expect(r.transcript.join('\n')).not.toContain(BOB.reveal());
  });

  it("lets an admin act as another user with an authzid, and the session is that user's", async () => {
    const r = await session({ login: 'cyrus', password: ADMIN, authzid: 'bob' });
    expect(r.ok, r.ok ? '' : r.message).toBe(true);
    // bob's own INBOX, with the rights of its owner: the session acts as bob, not as the admin.
    if (r.ok) expect(r.transcript).toContainEqual(expect.stringMatching(/^S: \* MYRIGHTS INBOX \S*l\S*a/));
  });

  it('refuses a proxy login by a user who is not an admin, as an auth failure naming both', async () => {
    const r = await session({ login: 'bob', password: BOB, authzid: 'cyrus' });
    expect(r.ok ? 'ok' : r.failure).toBe('auth');
    if (!r.ok) expect(r.message).toMatch(/PLAIN login of bob as cyrus refused/);
  });

  it('refuses an authzid with CR or LF before connecting', () => {
    expect(() => session({ login: 'cyrus', password: ADMIN, authzid: 'bob\r\nA9 LOGOUT' })).toThrow(
      /authorization name contains CR, LF or NUL/,
    );
  });
});

describe('STARTTLS offered but failing', () => {
  it('does not send the password when the server cannot start TLS (its key is missing)', async () => {
    const cyrus = await startCyrus([
      'tls_server_cert: /nonexistent/server.crt',
      'tls_server_key: /nonexistent/server.key',
    ]);
    try {
      const r = await imapSession(tcpOpener(cyrus.imapPort), { login: 'bob', password: BOB }, async () => 1);
      expect(r.ok ? 'ok' : r.failure, r.transcript.join('\n')).toBe('rejected');
      if (!r.ok) expect(r.message).toMatch(/offers STARTTLS but refused it \(NO .*TLS.*\); credentials were not sent/);
      expect(r.transcript.filter((l) => l.startsWith('C: '))).toEqual(['C: A1 CAPABILITY', 'C: A2 STARTTLS']);
    } finally {
      await cyrus.stop();
    }
  }, 30_000);

  it('gives up when the server sends bytes between its STARTTLS OK and the handshake', async () => {
    const server = await scriptedServer((socket) => {
      socket.write('* OK [CAPABILITY IMAP4rev1] imap.example.com Cyrus IMAP 3.6.1 server ready\r\n');
      socket.on('data', (d: Buffer) => {
        const tag = d.toString().split(' ')[0];
        if (/CAPABILITY/.test(d.toString()))
          socket.write(`* CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN SASL-IR\r\n${tag} OK Completed\r\n`);
        // A man in the middle's extra answer rides on the same packet as the OK.
        else if (/STARTTLS/.test(d.toString()))
          socket.write(`${tag} OK Begin TLS negotiation now\r\n* OK injected\r\n`);
      });
    });
    try {
      const r = await imapSession(tcpOpener(server.port), { login: 'bob', password: BOB }, async () => 1);
      expect(r.ok ? 'ok' : r.failure).toBe('protocol-error');
      if (!r.ok) expect(r.message).toMatch(/sent 15 bytes after accepting STARTTLS, before the TLS handshake/);
      expect(r.transcript.join('\n')).not.toContain('AUTHENTICATE');
    } finally {
      await server.close();
    }
  });
});
