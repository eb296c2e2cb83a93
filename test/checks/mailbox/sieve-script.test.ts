// mailbox/sieve-script against a real cyrus timsieved: the test user's ManageSieve login and active script.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sieveScriptCheck } from '../../../checks/mailbox/sieve-script.js';
import type { Secret } from '../../../src/core/redact.js';
import { makeContext } from '../../helpers/context.js';
import { closedPort } from '../../helpers/tcp.js';
import { startMailboxCyrus, WRONG_PW, type MailboxCyrus } from './mailbox-cyrus.js';

let box: MailboxCyrus;
beforeAll(async () => {
  box = await startMailboxCyrus();
}, 60_000);
afterAll(() => box?.stop());

const run = (login: string | null, password?: Secret | null, cyrusConf?: string) =>
  sieveScriptCheck.run(
    makeContext({ site: box.site(login, password), facts: box.facts(cyrusConf ? { cyrusConf } : {}) }),
  );

describe('mailbox/sieve-script', () => {
  it('is OK naming the active script OX saved for the test user', async () => {
    const outcome = await run('test1001');
    expect(outcome.status).toBe('ok');
    expect(outcome.summary).toMatch(
      /^test1001 has the active sieve script "oxfilter" at 127\.0\.0\.1:\d+ \(login \d+ ms\)$/,
    );
  });

  it('is WARN when the only script is not active, naming it and how to activate it', async () => {
    const outcome = await run('test1002');
    expect(outcome.status).toBe('warn');
    // catches: the test user's only sieve script is inactive: OX filters, vacation and forwards do not run
    expect(outcome.summary).toMatch(
      /^test1002 has no active sieve script at 127\.0\.0\.1:\d+ \(inactive: "oxfilter"\)$/,
    );
    expect(outcome.hint).toMatch(
      /^OX filter rules, vacation notices and forwards do not run: .*sieveshell: activate NAME/,
    );
  });

  it('is WARN when the test user has no sieve script at all', async () => {
    const outcome = await run('test1003');
    expect(outcome.status).toBe('warn');
    // catches: the test user has no sieve script at all
    expect(outcome.summary).toMatch(/^test1003 has no active sieve script at 127\.0\.0\.1:\d+ \(no scripts\)$/);
  });

  it('is CRIT when timsieved refuses the password, pointing at saslauthd', async () => {
    const outcome = await run('test1001', WRONG_PW);
    expect(outcome.status).toBe('crit');
    // catches: timsieved refuses the test user's password (saslauthd, sasl_* options)
    expect(outcome.summary).toMatch(/ManageSieve login of test1001 at 127\.0\.0\.1:\d+ refused the credentials/);
    expect(outcome.hint).toBe(
      "timsieved refused test1001's password while IMAP may accept it: " +
        'check saslauthd and sasl_* options in /etc/imapd.conf on testhost',
    );
  });

  it('is CRIT when nothing listens where cyrus.conf puts timsieved', async () => {
    const dead = await closedPort();
    const outcome = await run(
      'test1001',
      undefined,
      `SERVICES {\n  sieve cmd="timsieved" listen="127.0.0.1:${dead}"\n}\n`,
    );
    expect(outcome.status).toBe('crit');
    // catches: timsieved down: connection refused
    expect(outcome.summary).toContain(`127.0.0.1:${dead} refused the connection`);
  });

  it('is CRIT naming cyrus.conf when it starts no timsieved', async () => {
    const outcome = await run(
      'test1001',
      undefined,
      `SERVICES {\n  imap cmd="imapd" listen="127.0.0.1:${box.cyrus.imapPort}"\n}\n`,
    );
    expect(outcome.status).toBe('crit');
    // catches: cyrus.conf starts no timsieved
    expect(outcome.summary).toBe(
      '/etc/cyrus.conf has no timsieved service in SERVICES (expected sieve on port 2000 as in the deployment)',
    );
    expect(outcome.hint).toMatch(/^OX mail filter rules cannot be read or saved: restore the timsieved line/);
  });

  it('is UNKNOWN naming the config key when no testUser is configured', async () => {
    const outcome = await run(null);
    expect(outcome.status).toBe('unknown');
    expect(outcome.summary).toBe('not configured: testUser (the test user to log in as)');
  });

  it("is UNKNOWN when the test user's password is not configured (no proxy login to ManageSieve)", async () => {
    const outcome = await sieveScriptCheck.run(
      makeContext({ site: box.site('test1001', null, true), facts: box.facts() }),
    );
    expect(outcome.status).toBe('unknown');
    expect(outcome.summary).toMatch(/^not configured: testUser\.password /);
  });
});
