// Daemons too slow to start per test run, replayed byte for byte from captures of the real thing.
import { describe, expect, it } from 'vitest';
import { CPING, CPONG, probeAjp } from '../../src/protocols/ajp13.js';
import { parseClamdVersion } from '../../src/protocols/clamd.js';
import { parseHandshake } from '../../src/protocols/mysql.js';
import { scriptedServer, tcpOpener } from '../helpers/tcp.js';

describe('AJP13 CPing/CPong', () => {
  // Captured from tomcat10 (10.1, AJP/1.3 connector, secretRequired=false): CPONG is 41 42 00 01 09.
  it('accepts the CPong Tomcat sends for a CPing', async () => {
    const server = await scriptedServer((s) =>
      s.on('data', (d) => {
        if (Buffer.from(d).equals(CPING)) s.write(Buffer.from('41420001' + '09', 'hex'));
      }),
    );
    try {
      const r = await probeAjp(tcpOpener(server.port), { timeoutMs: 3000 });
      if (!r.ok) throw new Error(r.message);
      expect(r.value.cpongMs).toBeGreaterThanOrEqual(0);
      expect(r.transcript).toEqual(['C: CPING 12 34 00 01 0a']);
    } finally {
      await server.close();
    }
  });

  it('calls an HTTP answer on the AJP port a bad greeting and shows what came', async () => {
    const server = await scriptedServer((s) => s.on('data', () => s.write('HTTP/1.1 400 Bad Request\r\n\r\n')));
    try {
      const r = await probeAjp(tcpOpener(server.port), { timeoutMs: 3000 });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.failure).toBe('bad-greeting');
        expect(r.message).toContain(CPONG.toString('hex').slice(0, 2));
        expect(r.message).toContain('HTTP/1.1 400');
      }
    } finally {
      await server.close();
    }
  });
});

describe('MySQL packets', () => {
  it('reads the error packet mariadbd sends to a host without a grant', () => {
    // Captured from mariadbd 10.11 for a client at 127.0.0.1 (header stripped).
    const packet = Buffer.concat([
      Buffer.from([0xff, 0x6a, 0x04]),
      Buffer.from("Host '127.0.0.1' is not allowed to connect to this MariaDB server"),
    ]);
    expect(() => parseHandshake(packet)).toThrow(/error 1130: Host '127.0.0.1' is not allowed/);
  });

  it('refuses a handshake of another protocol version', () => {
    expect(() => parseHandshake(Buffer.from([9, 0x35, 0]))).toThrow(/protocol version 10/);
  });
});

describe('clamd VERSION lines', () => {
  it.each([
    ['ClamAV 1.4.6/27469/Mon Nov 24 09:31:10 2026', 'ClamAV 1.4.6', 27469, '2026-11-24T09:31:10.000Z'],
    ['ClamAV 0.98.7/21230/Tue Jan  5 04:15:23 2016', 'ClamAV 0.98.7', 21230, '2016-01-05T04:15:23.000Z'],
    ['ClamAV 1.4.6', 'ClamAV 1.4.6', null, null],
  ])('reads %j', (line, version, signatureVersion, date) => {
    const parsed = parseClamdVersion(line);
    expect(parsed?.version).toBe(version);
    expect(parsed?.signatureVersion).toBe(signatureVersion);
    expect(parsed?.signatureDate?.toISOString() ?? null).toBe(date);
  });
});
