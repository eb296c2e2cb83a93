// service/lmtp against a real cyrus lmtpd on a unix socket and TCP, and the ways an lmtp listener fails.
import { describe, expect, it } from 'vitest';
import { lmtpCheck } from '../../../checks/service/lmtp/index.js';
import { makeContext } from '../../helpers/context.js';
import { closedPort, garbageServer, silentServer } from '../../helpers/tcp.js';
import { oneService, useCyrus, WITHOUT_SERVICES } from './cyrus-daemon.js';
import { cyrusFacts } from './seeded-facts.js';

const running = useCyrus();

describe('service/lmtp', () => {
  it('is OK for the unix socket (through perl on the host) and the TCP listener', async () => {
    const { cyrus, conf } = running();
    const ctx = makeContext({ facts: cyrusFacts(conf) });
    const outcome = await lmtpCheck.run(ctx);
    expect(outcome.status).toBe('ok');
    expect(outcome.summary).toMatch(/^all 2 lmtp listeners answer as expected/);
    expect(outcome.steps?.map((s) => s.name)).toEqual([
      `lmtpunix (${cyrus.lmtpSocket})`,
      `lmtp (127.0.0.1:${cyrus.lmtpPort})`,
    ]);
    const dialogue = ctx.evidence.some(
      (e) => e.text.includes('C: LHLO oxdoctor.invalid') && e.text.includes('Cyrus LMTP'),
    );
    expect(dialogue).toBe(true);
  });

  it('is CRIT when the lmtp socket postfix delivers to does not exist', async () => {
    const facts = cyrusFacts(oneService(`lmtpunix cmd="lmtpd" listen="${running().cyrus.dir}/no/such/socket"`));
    const outcome = await lmtpCheck.run(makeContext({ facts }));
    expect(outcome.status).toBe('crit');
    // catches: the lmtp socket cyrus.conf names is gone: the probe's connection is refused
    expect(outcome.summary).toMatch(/lmtpd at .*no\/such\/socket refused the connection/);
  });

  it('is CRIT naming the failing TCP listener while the unix socket still answers', async () => {
    const { cyrus } = running();
    const dead = await closedPort();
    const conf = [
      'SERVICES {',
      `  lmtpunix cmd="lmtpd" listen="${cyrus.lmtpSocket}"`,
      `  lmtp cmd="lmtpd -a" listen="127.0.0.1:${dead}"`,
      '}',
    ].join('\n');
    const outcome = await lmtpCheck.run(makeContext({ facts: cyrusFacts(conf) }));
    expect(outcome.status).toBe('crit');
    expect(outcome.steps?.map((s) => s.status)).toEqual(['ok', 'crit']);
    // catches: lmtpd not listening (cyrus stopped): connection refused, naming the listener
    expect(outcome.summary).toContain(`lmtpd at 127.0.0.1:${dead} refused the connection`);
  });

  it('is CRIT when something other than LMTP answers on the listener', async () => {
    const http = await garbageServer();
    try {
      const outcome = await lmtpCheck.run(
        makeContext({ facts: cyrusFacts(oneService(`lmtp cmd="lmtpd -a" listen="127.0.0.1:${http.port}"`)) }),
      );
      expect(outcome.status).toBe('crit');
      // catches: the listener answers but not as LMTP (another service on the port)
      expect(outcome.summary).toContain(`lmtpd at 127.0.0.1:${http.port} answered, but not as expected`);
    } finally {
      await http.close();
    }
  });

  it('is CRIT in time when the listener accepts but never answers LHLO', async () => {
    const hung = await silentServer();
    try {
      const facts = cyrusFacts(oneService(`lmtp cmd="lmtpd -a" listen="127.0.0.1:${hung.port}"`));
      const outcome = await lmtpCheck.run(makeContext({ facts, timeoutMs: 1500 }));
      expect(outcome.status).toBe('crit');
      // catches: lmtpd accepts the connection but never answers LHLO (hung)
      expect(outcome.summary).toMatch(/did not answer in time/);
    } finally {
      await hung.close();
    }
  });

  it('is CRIT naming cyrus.conf rather than probing a default address when there is no lmtpd service', async () => {
    const outcome = await lmtpCheck.run(makeContext({ facts: cyrusFacts(WITHOUT_SERVICES) }));
    expect(outcome.status).toBe('crit');
    // catches: cyrus.conf has no lmtpd service in SERVICES
    expect(outcome.summary).toBe(
      '/etc/cyrus.conf has no lmtpd service in SERVICES (expected lmtpunix on /var/lib/imap/socket/lmtp)',
    );
    expect(outcome.hint).toMatch(/restore the .* line in the SERVICES section/);
  });
});
