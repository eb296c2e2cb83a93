// service/imap against a real cyrus imapd, and the ways a listener of cyrus.conf fails to greet.
import { describe, expect, it } from 'vitest';
import { imapCheck } from '../../../checks/service/imap.js';
import { makeContext } from '../../helpers/context.js';
import { closedPort, garbageServer, scriptedServer, silentServer } from '../../helpers/tcp.js';
import { oneService, useCyrus, WITHOUT_SERVICES } from './cyrus-daemon.js';
import { cyrusFacts } from './seeded-facts.js';

const running = useCyrus();
const imapAt = (port: number) => cyrusFacts(oneService(`imap cmd="imapd" listen="127.0.0.1:${port}"`));

describe('service/imap', () => {
  it('is OK when the imapd listener of cyrus.conf greets (imaps is left alone)', async () => {
    const outcome = await imapCheck.run(makeContext({ facts: cyrusFacts(running().conf) }));
    expect(outcome.status).toBe('ok');
    expect(outcome.steps).toHaveLength(1);
    expect(outcome.summary).toMatch(/imapd at 127\.0\.0\.1:\d+ greets: .*Cyrus IMAP/);
  });

  it('is CRIT when imapd is not listening where cyrus.conf says', async () => {
    const dead = await closedPort();
    const outcome = await imapCheck.run(makeContext({ facts: imapAt(dead) }));
    expect(outcome.status).toBe('crit');
    // catches: imapd not listening where cyrus.conf says (cyrus master down): connection refused
    expect(outcome.summary).toContain(`imapd at 127.0.0.1:${dead} refused the connection`);
    expect(outcome.hint).toMatch(/start cyrus-imapd/);
  });

  it('is CRIT when something other than IMAP answers on the listener', async () => {
    const http = await garbageServer();
    try {
      const outcome = await imapCheck.run(makeContext({ facts: imapAt(http.port) }));
      expect(outcome.status).toBe('crit');
      // catches: another program than imapd answers on the listener
      expect(outcome.summary).toContain(`imapd at 127.0.0.1:${http.port} answered, but not as expected`);
    } finally {
      await http.close();
    }
  });

  it('is CRIT in time when the listener accepts but never greets', async () => {
    const silent = await silentServer();
    try {
      const started = Date.now();
      const outcome = await imapCheck.run(makeContext({ facts: imapAt(silent.port), timeoutMs: 1500 }));
      expect(outcome.status).toBe('crit');
      // catches: listener accepts but never greets (maxchild reached or imapd hung)
      expect(outcome.summary).toMatch(/did not answer in time/);
      expect(Date.now() - started).toBeLessThan(2500);
    } finally {
      await silent.close();
    }
  });

  it('is CRIT naming cyrus.conf rather than probing a default address when there is no imapd service', async () => {
    const outcome = await imapCheck.run(makeContext({ facts: cyrusFacts(WITHOUT_SERVICES) }));
    expect(outcome.status).toBe('crit');
    // catches: cyrus.conf has no imapd service in SERVICES
    expect(outcome.summary).toBe('/etc/cyrus.conf has no imapd service in SERVICES (expected imap on port 143)');
    expect(outcome.hint).toMatch(/restore the .* line in the SERVICES section/);
  });

  // The greeting cyrus imapd's fatal() sends before it exits (e.g. a database it cannot open).
  it('is CRIT with the reason when imapd greets with "* BYE"', async () => {
    const fatal = await scriptedServer((s) => s.end('* BYE Fatal error: can not open mailboxes database\r\n'));
    try {
      const outcome = await imapCheck.run(makeContext({ facts: imapAt(fatal.port) }));
      expect(outcome.status).toBe('crit');
      // catches: imapd refuses the session with a "* BYE" greeting
      expect(outcome.summary).toContain('refused the session (server refused the session: * BYE Fatal error');
    } finally {
      await fatal.close();
    }
  });
});
