import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { smtpCheck } from '../../../checks/service/smtp/index.js';
import { startSmtpd } from '../../helpers/daemons/smtpd.js';
import type { Daemon } from '../../helpers/daemons/process.js';
import { makeContext } from '../../helpers/context.js';
import { closedPort, garbageServer, scriptedServer, silentServer, type ScriptedServer } from '../../helpers/tcp.js';
import { postfixFacts } from './seeded-facts.js';

// A real postfix smtpd (stand-alone mode) greeting as relay.example.com.
let smtpd: Daemon;
let silent: ScriptedServer;
beforeAll(async () => {
  smtpd = await startSmtpd('relay.example.com');
  silent = await silentServer();
});
afterAll(async () => {
  await smtpd.stop();
  await silent.close();
});

describe('service/smtp', () => {
  it('is OK when every smtpd listener of master.cf greets with myhostname and answers EHLO', async () => {
    const facts = postfixFacts(
      { myhostname: 'relay.example.com' },
      `127.0.0.1:${smtpd.port} inet n - n - - smtpd\npickup unix n - n 60 1 pickup\n`,
    );
    const ctx = makeContext({ facts });
    const outcome = await smtpCheck.run(ctx);
    expect(outcome.status).toBe('ok');
    expect(outcome.summary).toMatch(/greets as relay\.example\.com and answers EHLO with \d+ capabilities/);
    expect(ctx.evidence.some((e) => e.text.includes('S: 220 relay.example.com ESMTP Postfix'))).toBe(true);
  });

  it('is CRIT naming the listener that refuses, while the others still answer', async () => {
    const dead = await closedPort();
    const facts = postfixFacts(
      { myhostname: 'relay.example.com' },
      `127.0.0.1:${smtpd.port} inet n - n - - smtpd\n127.0.0.1:${dead} inet n - n - - smtpd\n  -o content_filter=\n`,
    );
    const outcome = await smtpCheck.run(makeContext({ facts }));
    expect(outcome.status).toBe('crit');
    // catches: smtpd listener of master.cf not listening: connection refused
    expect(outcome.summary).toContain(
      `1 of 2 smtpd listeners failing; first: smtpd "127.0.0.1:${dead}" (master.cf line 2) ` +
        `at 127.0.0.1:${dead} refused the connection`,
    );
    expect(outcome.hint).toMatch(/nothing listens on 127\.0\.0\.1:\d+ as seen from testhost/);
    expect(outcome.steps?.map((s) => s.status)).toEqual(['ok', 'crit']);
  });

  it("warns when the greeting name differs from the listener's -o myhostname", async () => {
    const facts = postfixFacts(
      { myhostname: 'relay.example.com' },
      `127.0.0.1:${smtpd.port} inet n - n - - smtpd -o myhostname=copy.example.com\n`,
    );
    const outcome = await smtpCheck.run(makeContext({ facts }));
    expect(outcome.status).toBe('warn');
    // catches: listener greets with another name than its myhostname (peers may refuse the mail)
    expect(outcome.summary).toContain('greets as "relay.example.com", expected "copy.example.com" (myhostname)');
  });

  it('is CRIT on time when a listener accepts but never greets', async () => {
    const facts = postfixFacts({}, `127.0.0.1:${silent.port} inet n - n - - smtpd\n`);
    const started = Date.now();
    const outcome = await smtpCheck.run(makeContext({ facts, timeoutMs: 1500 }));
    expect(outcome.status).toBe('crit');
    // catches: listener accepts but never greets (smtpd hung or out of processes)
    expect(outcome.summary).toMatch(/did not answer in time/);
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it('is CRIT when master.cf has no smtpd listener at all', async () => {
    const outcome = await smtpCheck.run(makeContext({ facts: postfixFacts({}, 'pickup unix n - n 60 1 pickup\n') }));
    expect(outcome.status).toBe('crit');
    // catches: master.cf has no inet smtpd listener (smtp line removed or commented out)
    expect(outcome.summary).toMatch(/no inet smtpd listener/);
  });

  // The replies below are postfix's own texts (smtpd.c, anvil limits; smtpd's unknown-command reply).
  it("is CRIT with the server's reason when the listener refuses the session in its greeting", async () => {
    const busy = await scriptedServer((s) =>
      s.end('421 4.7.0 relay.example.com Error: too many connections from 127.0.0.1\r\n'),
    );
    try {
      const facts = postfixFacts({ myhostname: 'relay.example.com' }, `127.0.0.1:${busy.port} inet n - n - - smtpd\n`);
      const outcome = await smtpCheck.run(makeContext({ facts }));
      expect(outcome.status).toBe('crit');
      // catches: listener refuses the session with 421/554 in its greeting (connection limits, overload)
      expect(outcome.summary).toContain('refused the session (server refused the session: 421 4.7.0');
    } finally {
      await busy.close();
    }
  });

  it('is CRIT when the listener greets but refuses EHLO', async () => {
    const noEhlo = await scriptedServer((s) => {
      s.write('220 relay.example.com ESMTP Postfix\r\n');
      s.on('data', () => s.write('502 5.5.2 Error: command not recognized\r\n'));
    });
    try {
      const facts = postfixFacts(
        { myhostname: 'relay.example.com' },
        `127.0.0.1:${noEhlo.port} inet n - n - - smtpd\n`,
      );
      const outcome = await smtpCheck.run(makeContext({ facts, timeoutMs: 3000 }));
      expect(outcome.status).toBe('crit');
      // catches: listener greets but does not answer EHLO with 250
      expect(outcome.summary).toContain('answered a command wrongly');
    } finally {
      await noEhlo.close();
    }
  });

  it('warns when the greeting name is no fully qualified host name', async () => {
    const local = await scriptedServer((s) => {
      s.write('220 localhost ESMTP Postfix\r\n');
      s.on('data', (d: Buffer) =>
        s.write(/^QUIT/i.test(d.toString()) ? '221 2.0.0 Bye\r\n' : '250-localhost\r\n250 PIPELINING\r\n'),
      );
    });
    try {
      const outcome = await smtpCheck.run(
        makeContext({ facts: postfixFacts({}, `127.0.0.1:${local.port} inet n - n - - smtpd\n`) }),
      );
      expect(outcome.status).toBe('warn');
      // catches: listener greets with a name that is not fully qualified (localhost)
      expect(outcome.summary).toContain('greets as "localhost", expected a fully qualified host name');
    } finally {
      await local.close();
    }
  });

  it('is CRIT when another program than smtpd answers on the port', async () => {
    const http = await garbageServer();
    try {
      const outcome = await smtpCheck.run(
        makeContext({ facts: postfixFacts({}, `127.0.0.1:${http.port} inet n - n - - smtpd\n`) }),
      );
      expect(outcome.status).toBe('crit');
      // catches: another program than smtpd answers on the port
      expect(outcome.summary).toContain('answered, but not as expected');
    } finally {
      await http.close();
    }
  });
});

describe('service/smtp on an implicit-TLS listener (smtps, 465)', () => {
  // smtpd -S ignores wrapper mode, so a TLS terminator in front of the real smtpd plays smtps:
  // the handshake is real TLS, the dialogue inside is postfix's own bytes.
  let smtps: TlsServer;
  let port = 0;
  let certDir: string;
  beforeAll(async () => {
    certDir = mkdtempSync(join(tmpdir(), 'oxdoctor-smtps-'));
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
        '/CN=relay.example.com',
        '-keyout',
        join(certDir, 'key.pem'),
        '-out',
        join(certDir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    smtps = createTlsServer(
      { key: readFileSync(join(certDir, 'key.pem')), cert: readFileSync(join(certDir, 'cert.pem')) },
      (client) => {
        const upstream = netConnect(smtpd.port, '127.0.0.1');
        client.pipe(upstream).pipe(client);
        client.on('error', () => upstream.destroy());
        upstream.on('error', () => client.destroy());
      },
    );
    port = await new Promise<number>((resolve) =>
      smtps.listen(0, '127.0.0.1', () => resolve((smtps.address() as { port: number }).port)),
    );
  });
  afterAll(async () => {
    await new Promise<void>((r) => smtps.close(() => r()));
    rmSync(certDir, { recursive: true, force: true });
  });

  it('does the TLS handshake first, then reads the greeting, and reports the certificate', async () => {
    const facts = postfixFacts(
      { myhostname: 'relay.example.com' },
      `127.0.0.1:${port} inet n - n - - smtpd\n  -o smtpd_tls_wrappermode=yes\n`,
    );
    const ctx = makeContext({ facts });
    const outcome = await smtpCheck.run(ctx);
    expect(outcome.status).toBe('ok');
    expect(outcome.summary).toContain('implicit TLS');
    expect(
      ctx.evidence.some(
        (e) => e.label.startsWith('TLS ') && e.text.includes('CN=relay.example.com') && e.text.includes('trusted: no'),
      ),
    ).toBe(true);
  });

  it('is CRIT in time when the listener is not marked as wrapper mode (a plain probe gets no greeting)', async () => {
    const facts = postfixFacts({ myhostname: 'relay.example.com' }, `127.0.0.1:${port} inet n - n - - smtpd\n`);
    const outcome = await smtpCheck.run(makeContext({ facts, timeoutMs: 1500 }));
    expect(outcome.status).toBe('crit');
  });
});
