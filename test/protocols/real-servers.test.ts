// Each probe against the real daemon it was written for, started here on free ports.
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../src/core/redact.js';
import { probeClamd } from '../../src/protocols/clamd.js';
import { probeHttp } from '../../src/protocols/http.js';
import { probeImap } from '../../src/protocols/imap.js';
import { probeLdap } from '../../src/protocols/ldap.js';
import { probeMysql } from '../../src/protocols/mysql.js';
import { probeSieve } from '../../src/protocols/sieve.js';
import { probeSmtp } from '../../src/protocols/smtp.js';
import { startApache } from '../helpers/daemons/apache.js';
import { startClamd } from '../helpers/daemons/clamd.js';
import { startCyrus, type Cyrus } from '../helpers/daemons/cyrus.js';
import { startMariadb } from '../helpers/daemons/mariadb.js';
import type { Daemon } from '../helpers/daemons/process.js';
import { LDAP_BASE, LDAP_BIND_DN, LDAP_BIND_PW, startSlapd } from '../helpers/daemons/slapd.js';
import { closedPort, tcpOpener } from '../helpers/tcp.js';

const unixOpener = (path: string) => () =>
  new Promise<Duplex>((resolve, reject) => {
    const s = connect(path);
    s.once('connect', () => resolve(s));
    s.once('error', reject);
  });

describe('cyrus-imapd 3.6: imapd, timsieved and lmtpd', () => {
  let cyrus: Cyrus;
  beforeAll(async () => {
    cyrus = await startCyrus();
  });
  afterAll(() => cyrus.stop());

  it('reads the IMAP greeting with its capabilities and logs out cleanly', async () => {
    const r = await probeImap(tcpOpener(cyrus.imapPort), { timeoutMs: 5000 });
    if (!r.ok) throw new Error(r.message);
    expect(r.value.greeting).toMatch(/^\* OK .*Cyrus IMAP/);
    expect(r.value.capabilities).toContain('IMAP4rev1');
    expect(r.transcript.at(-1)).toBe('S: A1 OK Completed');
  });

  it('reads the ManageSieve capabilities up to OK', async () => {
    const r = await probeSieve(tcpOpener(cyrus.sievePort), { timeoutMs: 5000 });
    if (!r.ok) throw new Error(r.message);
    expect(r.value.implementation).toMatch(/^Cyrus timsieved/);
    expect(r.value.capabilities.SIEVE).toContain('fileinto');
    expect(r.value.capabilities).toHaveProperty('VERSION', '1.0');
  });

  it('speaks LHLO to lmtpd over TCP and over its unix socket', async () => {
    for (const open of [tcpOpener(cyrus.lmtpPort), unixOpener(cyrus.lmtpSocket)]) {
      const r = await probeSmtp(open, { lmtp: true, timeoutMs: 5000 });
      if (!r.ok) throw new Error(r.message);
      expect(r.value.greeting[0]).toMatch(/^220 .*LMTP/);
      expect(r.value.capabilities).toContain('PIPELINING');
    }
  });
});

describe('slapd: LDAP bind', () => {
  let slapd: Daemon & { url: string };
  beforeAll(async () => {
    slapd = await startSlapd();
  });
  afterAll(() => slapd.stop());

  it('binds with the service account and finds the base entry', async () => {
    const r = await probeLdap({
      url: slapd.url,
      bindDn: LDAP_BIND_DN,
      password: new Secret(LDAP_BIND_PW, 'test'),
      baseDn: LDAP_BASE,
    });
    if (!r.ok) throw new Error(r.message);
    expect(r.value).toEqual({ bound: 'simple', baseFound: true });
    expect(r.transcript.join('\n')).not.toContain(LDAP_BIND_PW);
  });

  it('classifies a wrong password as invalid credentials (rc 49)', async () => {
    const r = await probeLdap({
      url: slapd.url,
      bindDn: LDAP_BIND_DN,
      password: new Secret('wrong-password-1', 'test'),
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.failure).toBe('auth');
      expect(r.message).toContain('rc 49');
      expect(r.message).not.toContain('wrong-password-1');
    }
  });

  it('reports a base DN that does not exist', async () => {
    const r = await probeLdap({
      url: slapd.url,
      bindDn: LDAP_BIND_DN,
      password: new Secret(LDAP_BIND_PW, 'test'),
      baseDn: 'ou=missing,' + LDAP_BASE,
    });
    if (!r.ok) throw new Error(r.message);
    expect(r.value.baseFound).toBe(false);
  });
});

describe('mariadbd: the configdb handshake', () => {
  it('reads protocol 10, the server version and a connection id', async () => {
    const db = await startMariadb();
    try {
      const r = await probeMysql(tcpOpener(db.port), { timeoutMs: 5000 });
      if (!r.ok) throw new Error(r.message);
      expect(r.value.protocolVersion).toBe(10);
      expect(r.value.serverVersion).toMatch(/MariaDB/);
      expect(r.value.connectionId).toBeGreaterThan(0);
    } finally {
      await db.stop();
    }
  });

  it('classifies the server\'s "Host is not allowed" error packet as rejected', async () => {
    const db = await startMariadb({ denyLoopback: true });
    try {
      const r = await probeMysql(tcpOpener(db.port), { timeoutMs: 5000 });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.failure).toBe('rejected');
        expect(r.message).toMatch(/error 1130: Host '127\.0\.0\.1' is not allowed/);
      }
    } finally {
      await db.stop();
    }
  });
});

describe('clamd: PING and VERSION', () => {
  it('gets PONG and the engine version over TCP and the local socket', async () => {
    const clamd = await startClamd();
    try {
      for (const open of [tcpOpener(clamd.port), unixOpener(clamd.socketPath)]) {
        const r = await probeClamd(open, { timeoutMs: 5000 });
        if (!r.ok) throw new Error(r.message);
        expect(r.value.version).toMatch(/^ClamAV \d+\.\d+/);
        expect(r.transcript).toEqual(expect.arrayContaining(['C: zPING', 'S: PONG', 'C: zVERSION']));
        // Only the test database is loaded: no daily signatures, so no date.
        expect(r.value.signatureDate).toBeNull();
      }
    } finally {
      await clamd.stop();
    }
  });
});

describe('apache2: GET through node:http over the probe stream', () => {
  it('reads status and headers of the front page and /ajax', async () => {
    const apache = await startApache();
    try {
      const front = await probeHttp(tcpOpener(apache.port), { hostHeader: 'www.example.com', timeoutMs: 5000 });
      if (!front.ok) throw new Error(front.message);
      expect(front.value.status).toBe(200);
      expect(front.value.headers.server).toMatch(/Apache/);
      expect(front.value.bodyStart).toContain('Open-Xchange');
      const ajax = await probeHttp(tcpOpener(apache.port), {
        hostHeader: 'www.example.com',
        path: '/ajax/',
        timeoutMs: 5000,
      });
      if (!ajax.ok) throw new Error(ajax.message);
      expect(ajax.value.status).toBe(200);
    } finally {
      await apache.stop();
    }
  });

  it('shows the 503 Apache answers when the AJP backend behind /ajax is down', async () => {
    const apache = await startApache({ ajaxBackendPort: await closedPort() });
    try {
      const r = await probeHttp(tcpOpener(apache.port), {
        hostHeader: 'www.example.com',
        path: '/ajax/',
        timeoutMs: 5000,
      });
      if (!r.ok) throw new Error(r.message);
      expect(r.value.status).toBe(503);
    } finally {
      await apache.stop();
    }
  });
});
