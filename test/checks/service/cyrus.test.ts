import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imapCheck } from '../../../checks/service/imap.js';
import { lmtpCheck } from '../../../checks/service/lmtp.js';
import { sieveCheck } from '../../../checks/service/sieve.js';
import { startCyrus, type Cyrus } from '../../helpers/daemons/cyrus.js';
import { makeContext } from '../../helpers/context.js';
import { closedPort } from '../../helpers/tcp.js';
import { cyrusFacts } from './seeded-facts.js';

// A real cyrus master with imapd, timsieved and lmtpd (TCP and unix socket).
let cyrus: Cyrus;
let conf: string;
beforeAll(async () => {
  cyrus = await startCyrus();
  conf = [
    'SERVICES {',
    `  imap cmd="imapd" listen="127.0.0.1:${cyrus.imapPort}" prefork=0`,
    `  imaps cmd="imapd -s" listen="127.0.0.1:1" prefork=0`,
    `  sieve cmd="timsieved" listen="${cyrus.sievePort}" prefork=0`,
    `  lmtpunix cmd="lmtpd" listen="${cyrus.lmtpSocket}" prefork=0`,
    `  lmtp cmd="lmtpd -a" listen="127.0.0.1:${cyrus.lmtpPort}" prefork=0`,
    '}',
  ].join('\n');
});
afterAll(() => cyrus.stop());

describe('service/imap', () => {
  it('is OK when the imapd listener of cyrus.conf greets (imaps is left alone)', async () => {
    const outcome = await imapCheck.run(makeContext({ facts: cyrusFacts(conf) }));
    expect(outcome.status).toBe('ok');
    expect(outcome.steps).toHaveLength(1);
    expect(outcome.summary).toMatch(/imapd at 127\.0\.0\.1:\d+ greets: .*Cyrus IMAP/);
  });

  it('is CRIT when imapd is not listening where cyrus.conf says', async () => {
    const dead = await closedPort();
    const outcome = await imapCheck.run(makeContext({ facts: cyrusFacts(`SERVICES {\n imap cmd="imapd" listen="127.0.0.1:${dead}"\n}\n`) }));
    expect(outcome.status).toBe('crit');
    expect(outcome.summary).toContain(`imapd at 127.0.0.1:${dead} refused the connection`);
    expect(outcome.hint).toMatch(/start cyrus-imapd/);
  });
});

describe('service/sieve', () => {
  it('is OK with the implementation and SASL mechanisms timsieved announces', async () => {
    const outcome = await sieveCheck.run(makeContext({ facts: cyrusFacts(conf) }));
    expect(outcome.status).toBe('ok');
    expect(outcome.summary).toMatch(/timsieved at 127\.0\.0\.1:\d+ answers \(Cyrus timsieved .*; SASL .*PLAIN/);
  });
});

describe('service/lmtp', () => {
  it('is OK for the unix socket (through perl on the host) and the TCP listener', async () => {
    const ctx = makeContext({ facts: cyrusFacts(conf) });
    const outcome = await lmtpCheck.run(ctx);
    expect(outcome.status).toBe('ok');
    expect(outcome.summary).toMatch(/^all 2 lmtp listeners answer as expected/);
    expect(outcome.steps?.map((s) => s.name)).toEqual([`lmtpunix (${cyrus.lmtpSocket})`, `lmtp (127.0.0.1:${cyrus.lmtpPort})`]);
    expect(ctx.evidence.some((e) => e.text.includes('C: LHLO oxdoctor.invalid') && e.text.includes('Cyrus LMTP'))).toBe(true);
  });

  it('is CRIT when the lmtp socket postfix delivers to does not exist', async () => {
    const outcome = await lmtpCheck.run(makeContext({ facts: cyrusFacts(`SERVICES {\n lmtpunix cmd="lmtpd" listen="${cyrus.dir}/no/such/socket"\n}\n`) }));
    expect(outcome.status).toBe('crit');
    expect(outcome.summary).toMatch(/lmtpd at .*no\/such\/socket refused the connection/);
  });
});

describe('cyrus checks when cyrus.conf lacks the service', () => {
  it.each([
    ['service/imap', imapCheck, 'imapd'],
    ['service/sieve', sieveCheck, 'timsieved'],
    ['service/lmtp', lmtpCheck, 'lmtpd'],
  ] as const)('%s is CRIT naming cyrus.conf rather than probing a default address', async (_id, check, daemon) => {
    const outcome = await check.run(makeContext({ facts: cyrusFacts('SERVICES {\n  idled cmd="idled"\n}\n') }));
    expect(outcome.status).toBe('crit');
    expect(outcome.summary).toBe(`/etc/cyrus.conf has no ${daemon} service in SERVICES (expected ${daemon === 'imapd' ? 'imap on port 143' : daemon === 'timsieved' ? 'sieve on port 2000 as in the deployment' : 'lmtpunix on /var/lib/imap/socket/lmtp'})`);
    expect(outcome.hint).toMatch(/restore the .* line in the SERVICES section/);
  });
});
