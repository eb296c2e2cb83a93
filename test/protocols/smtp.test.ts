import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeSmtp } from '../../src/protocols/smtp.js';
import { startSmtpd } from '../helpers/daemons/smtpd.js';
import type { Daemon } from '../helpers/daemons/process.js';
import { scriptedServer, tcpOpener } from '../helpers/tcp.js';

describe('probeSmtp against a real postfix smtpd', () => {
  let smtpd: Daemon;
  beforeAll(async () => {
    smtpd = await startSmtpd('relay.example.com');
  });
  afterAll(() => smtpd.stop());

  it('reads the 220 greeting, the greeting host name and the EHLO capabilities', async () => {
    const result = await probeSmtp(tcpOpener(smtpd.port), { timeoutMs: 5000 });
    if (!result.ok) throw new Error(result.message);
    expect(result.value.greetingHost).toBe('relay.example.com');
    expect(result.value.heloHost).toBe('relay.example.com');
    expect(result.value.capabilities).toContain('PIPELINING');
    expect(result.value.capabilities).toContain('8BITMIME');
    expect(result.transcript[0]).toBe('S: 220 relay.example.com ESMTP Postfix');
    expect(result.transcript).toContain('C: EHLO oxdoctor.invalid');
    expect(result.transcript.at(-1)).toMatch(/^S: 221 /);
  });

  it('refuses a HELO name with CR/LF before anything reaches the server', async () => {
    await expect(probeSmtp(tcpOpener(smtpd.port), { heloName: 'x\r\nMAIL FROM:<a@b>' })).rejects.toThrow(/CR, LF/);
  });
});

describe('probeSmtp dialogue details', () => {
  it('accepts a multi-line 220- greeting and reports its first line host', async () => {
    const server = await scriptedServer((s) => {
      s.write('220-mx1.example.com ESMTP first line\r\n220-second line\r\n220 mx1.example.com ready\r\n');
      s.on('data', (d) => {
        const line = d.toString();
        if (line.startsWith('LHLO')) s.write('250-mx1.example.com\r\n250-PIPELINING\r\n250 ENHANCEDSTATUSCODES\r\n');
        if (line.startsWith('QUIT')) s.end('221 2.0.0 bye\r\n');
      });
    });
    try {
      const result = await probeSmtp(tcpOpener(server.port), { lmtp: true, timeoutMs: 3000 });
      if (!result.ok) throw new Error(result.message);
      expect(result.value.greeting).toHaveLength(3);
      expect(result.value.greetingHost).toBe('mx1.example.com');
      expect(result.value.capabilities).toEqual(['PIPELINING', 'ENHANCEDSTATUSCODES']);
      expect(result.transcript).toContain('C: LHLO oxdoctor.invalid');
    } finally {
      await server.close();
    }
  });

  it('classifies a 554 greeting as the server rejecting the session', async () => {
    const server = await scriptedServer((s) => s.end('554 5.7.1 mx.example.com no SMTP service here\r\n'));
    try {
      const result = await probeSmtp(tcpOpener(server.port), { timeoutMs: 3000 });
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.failure).toBe('rejected');
        expect(result.message).toContain('554 5.7.1');
      }
    } finally {
      await server.close();
    }
  });
});
