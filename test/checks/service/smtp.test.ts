import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amavisCheck } from '../../../checks/service/amavis.js';
import { smtpCheck } from '../../../checks/service/smtp.js';
import { startSmtpd } from '../../helpers/daemons/smtpd.js';
import type { Daemon } from '../../helpers/daemons/process.js';
import { makeContext } from '../../helpers/context.js';
import { closedPort, silentServer, type ScriptedServer } from '../../helpers/tcp.js';
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
    const facts = postfixFacts({ myhostname: 'relay.example.com' }, `127.0.0.1:${smtpd.port} inet n - n - - smtpd\npickup unix n - n 60 1 pickup\n`);
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
    expect(outcome.summary).toContain(`1 of 2 smtpd listeners failing; first: smtpd "127.0.0.1:${dead}" (master.cf line 2) at 127.0.0.1:${dead} refused the connection`);
    expect(outcome.hint).toMatch(/nothing listens on 127\.0\.0\.1:\d+ as seen from testhost/);
    expect(outcome.steps?.map((s) => s.status)).toEqual(['ok', 'crit']);
  });

  it('warns when the greeting name differs from the listener\'s -o myhostname', async () => {
    const facts = postfixFacts({ myhostname: 'relay.example.com' }, `127.0.0.1:${smtpd.port} inet n - n - - smtpd -o myhostname=copy.example.com\n`);
    const outcome = await smtpCheck.run(makeContext({ facts }));
    expect(outcome.status).toBe('warn');
    expect(outcome.summary).toContain('greets as "relay.example.com", expected "copy.example.com" (myhostname)');
  });

  it('is CRIT on time when a listener accepts but never greets', async () => {
    const facts = postfixFacts({}, `127.0.0.1:${silent.port} inet n - n - - smtpd\n`);
    const started = Date.now();
    const outcome = await smtpCheck.run(makeContext({ facts, timeoutMs: 1500 }));
    expect(outcome.status).toBe('crit');
    expect(outcome.summary).toMatch(/did not answer in time/);
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it('is CRIT when master.cf has no smtpd listener at all', async () => {
    const outcome = await smtpCheck.run(makeContext({ facts: postfixFacts({}, 'pickup unix n - n 60 1 pickup\n') }));
    expect(outcome.status).toBe('crit');
    expect(outcome.summary).toMatch(/no inet smtpd listener/);
  });
});

describe('service/amavis', () => {
  // postfix smtpd stands in for amavisd here: both answer SMTP, which is all this check asks.
  it('probes the next hop of content_filter and is OK when it answers EHLO', async () => {
    const facts = postfixFacts({}, `smtp inet n - n - - smtpd -o content_filter=smtp-amavis:[127.0.0.1]:${smtpd.port}\n`);
    const outcome = await amavisCheck.run(makeContext({ facts }));
    expect(outcome.status).toBe('ok');
    expect(outcome.summary).toContain(`amavisd at 127.0.0.1:${smtpd.port} greets as relay.example.com`);
  });

  it('is CRIT when nothing listens where content_filter points', async () => {
    const dead = await closedPort();
    const outcome = await amavisCheck.run(makeContext({ facts: postfixFacts({ content_filter: `smtp-amavis:[127.0.0.1]:${dead}` }, '') }));
    expect(outcome.status).toBe('crit');
    expect(outcome.summary.startsWith(`amavisd at 127.0.0.1:${dead} refused the connection (`)).toBe(true);
    expect(outcome.hint).toMatch(/start amavisd/);
  });
});
