// service/amavis: the SMTP peer where postfix's content_filter hands mail for scanning answers EHLO.
// A real postfix smtpd stands in for amavisd (both speak SMTP, which is all the check asks), and a local
// server answers with amavisd-new's own greeting and EHLO reply.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'node:net';
import { amavisCheck, DEFAULT_AMAVIS, filterTarget } from '../../../checks/service/amavis.js';
import { startSmtpd } from '../../helpers/daemons/smtpd.js';
import type { Daemon } from '../../helpers/daemons/process.js';
import { makeContext } from '../../helpers/context.js';
import { closedPort, garbageServer, scriptedServer, silentServer } from '../../helpers/tcp.js';
import { postfixFacts } from './seeded-facts.js';

let smtpd: Daemon;
beforeAll(async () => {
  smtpd = await startSmtpd('relay.example.com');
});
afterAll(() => smtpd.stop());

const viaMaster = (filter: string) => postfixFacts({}, `smtp inet n - n - - smtpd -o content_filter=${filter}\n`);

// amavisd-new's default $smtpd_greeting_banner is '${helo-name} ${protocol} ${product} service ready'.
function amavisd(socket: Socket): void {
  socket.write('220 [127.0.0.1] ESMTP amavisd-new service ready\r\n');
  socket.on('data', (d: Buffer) => {
    const line = d.toString();
    if (/^EHLO/i.test(line)) {
      socket.write(
        '250-[127.0.0.1]\r\n250-VRFY\r\n250-PIPELINING\r\n250-SIZE\r\n250-ENHANCEDSTATUSCODES\r\n250-8BITMIME\r\n' +
          '250-DSN\r\n250 XFORWARD NAME ADDR PORT PROTO HELO IDENT SOURCE\r\n',
      );
    }
    if (/^QUIT/i.test(line)) socket.end('221 2.0.0 [127.0.0.1] amavisd-new closing transmission channel\r\n');
  });
}

describe('service/amavis', () => {
  it('probes the next hop of content_filter on the smtp service and is OK when it answers EHLO', async () => {
    const outcome = await amavisCheck.run(makeContext({ facts: viaMaster(`smtp-amavis:[127.0.0.1]:${smtpd.port}`) }));
    expect(outcome.status).toBe('ok');
    expect(outcome.summary).toContain(`amavisd at 127.0.0.1:${smtpd.port} greets as relay.example.com`);
  });

  it('accepts amavisd greeting with its address in brackets, as amavisd-new does by default', async () => {
    const amavis = await scriptedServer(amavisd);
    try {
      const ctx = makeContext({ facts: viaMaster(`smtp-amavis:[127.0.0.1]:${amavis.port}`) });
      const outcome = await amavisCheck.run(ctx);
      expect(outcome.status).toBe('ok');
      expect(outcome.summary).toContain('greets as [127.0.0.1]');
      expect(ctx.evidence.some((e) => e.text.includes('amavisd-new service ready'))).toBe(true);
    } finally {
      await amavis.close();
    }
  });

  it('reads content_filter from main.cf when master.cf sets none, expanding $parameters and localhost', async () => {
    const facts = postfixFacts(
      { amavis_port: String(smtpd.port), content_filter: 'smtp-amavis:[localhost]:$amavis_port' },
      'smtp inet n - n - - smtpd\n',
    );
    const outcome = await amavisCheck.run(makeContext({ facts }));
    expect(outcome.status).toBe('ok');
    expect(outcome.summary).toContain(`amavisd at 127.0.0.1:${smtpd.port} greets`);
  });

  it('is CRIT when nothing listens where content_filter points', async () => {
    const dead = await closedPort();
    const outcome = await amavisCheck.run(
      makeContext({ facts: postfixFacts({ content_filter: `smtp-amavis:[127.0.0.1]:${dead}` }, '') }),
    );
    expect(outcome.status).toBe('crit');
    // catches: amavisd stopped, or listening elsewhere than content_filter says: connection refused
    expect(outcome.summary.startsWith(`amavisd at 127.0.0.1:${dead} refused the connection (`)).toBe(true);
    expect(outcome.hint).toMatch(/start amavisd/);
  });

  it('is CRIT in time when amavisd accepts the connection but never greets (all its children busy)', async () => {
    const busy = await silentServer();
    try {
      const started = Date.now();
      const outcome = await amavisCheck.run(
        makeContext({ facts: viaMaster(`smtp-amavis:[127.0.0.1]:${busy.port}`), timeoutMs: 1500 }),
      );
      expect(outcome.status).toBe('crit');
      // catches: amavisd accepts but never greets (all its children busy or hung)
      expect(outcome.summary).toMatch(/did not answer in time/);
      expect(Date.now() - started).toBeLessThan(2500);
    } finally {
      await busy.close();
    }
  });

  it('is CRIT when something other than SMTP answers on the filter port', async () => {
    const http = await garbageServer();
    try {
      const outcome = await amavisCheck.run(makeContext({ facts: viaMaster(`smtp-amavis:[127.0.0.1]:${http.port}`) }));
      expect(outcome.status).toBe('crit');
      // catches: another program than amavisd answers on the filter port
      expect(outcome.summary).toContain(`amavisd at 127.0.0.1:${http.port} answered, but not as expected`);
    } finally {
      await http.close();
    }
  });

  // A 421 greeting worded as amavisd-new's own when it goes down while a client connects.
  it('is CRIT with its reason when amavisd refuses the session in its greeting', async () => {
    const stopping = await scriptedServer((s) => s.end('421 4.3.2 Service shutting down, closing channel\r\n'));
    try {
      const outcome = await amavisCheck.run(
        makeContext({ facts: viaMaster(`smtp-amavis:[127.0.0.1]:${stopping.port}`) }),
      );
      expect(outcome.status).toBe('crit');
      // catches: amavisd refuses the session with 421 in its greeting (shutting down)
      expect(outcome.summary).toContain('refused the session (server refused the session: 421 4.3.2');
    } finally {
      await stopping.close();
    }
  });

  it("falls back to the seed's 127.0.0.1:10024 when no content_filter names a TCP next hop", async () => {
    const outcome = await amavisCheck.run(makeContext({ facts: viaMaster('procmail:procmail') }));
    expect(outcome.summary).toContain(`amavisd at ${DEFAULT_AMAVIS.host}:${DEFAULT_AMAVIS.port}`);
  });
});

describe('filterTarget', () => {
  it("takes host and port from the filter's next hop, with or without brackets", () => {
    expect(filterTarget('smtp-amavis:[127.0.0.1]:10024')).toEqual({ host: '127.0.0.1', port: 10024 });
    expect(filterTarget('amavis:scanner.example.com:10024 ')).toEqual({ host: 'scanner.example.com', port: 10024 });
    expect(filterTarget('smtp-amavis:[localhost]:10024')).toEqual({ host: '127.0.0.1', port: 10024 });
  });

  it('is null for a filter that names no TCP next hop', () => {
    expect(filterTarget('procmail:procmail')).toBeNull();
    expect(filterTarget('')).toBeNull();
  });
});
