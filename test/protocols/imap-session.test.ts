// The test-user IMAP and ManageSieve sessions against a real cyrus 3.6 started here, for the failure paths;
// successful logins, ACLs and scripts are proven on the lab (test/checks/mailbox/*.lab.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../src/core/redact.js';
import { imapSession } from '../../src/protocols/imap-session.js';
import { listSieveScripts } from '../../src/protocols/sieve-session.js';
import { startCyrus, type Cyrus } from '../helpers/daemons/cyrus.js';
import { closedPort, tcpOpener } from '../helpers/tcp.js';

const ALICE = new Secret('alice "pw" \\ ä', 'test');

describe('IMAP and ManageSieve sessions that must fail safely', () => {
  let cyrus: Cyrus;
  beforeAll(async () => {
    cyrus = await startCyrus();
  }, 60_000);
  afterAll(() => cyrus?.stop());

  it('classifies a wrong password as an auth failure', async () => {
    const r = await imapSession(
      tcpOpener(cyrus.imapPort),
      { login: 'alice', password: new Secret('wrong', 'test') },
      async () => 1,
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.failure).toBe('auth');
  });

  it('classifies a closed port as refused', async () => {
    const r = await imapSession(tcpOpener(await closedPort()), { login: 'alice', password: ALICE }, async () => 1);
    expect(r.ok ? 'ok' : r.failure).toBe('refused');
  });

  for (const hostile of ['*)(uid=*', ';rm -rf /tmp/x', 'bob" LOGOUT', 'ünïcode']) {
    it(`sends the hostile login ${JSON.stringify(hostile)} as one SASL field and is refused as that user only`, async () => {
      const r = await imapSession(tcpOpener(cyrus.imapPort), { login: hostile, password: ALICE }, async () => 1);
      expect(r.ok ? 'ok' : r.failure).toBe('auth');
      // One command from us after CAPABILITY: the base64 PLAIN response, nothing smuggled after it.
      expect(r.transcript.filter((l) => l.startsWith('C: '))).toEqual([
        'C: A1 CAPABILITY',
        'C: A2 AUTHENTICATE PLAIN ********',
      ]);
    });
  }

  it('refuses a login name with CR or LF before connecting', async () => {
    let opened = false;
    const open = tcpOpener(cyrus.imapPort);
    const watch = (s: AbortSignal) => {
      opened = true;
      return open(s);
    };
    expect(() => imapSession(watch, { login: 'alice\r\nA9 LOGOUT', password: ALICE }, async () => 1)).toThrow(/CR, LF/);
    expect(() => listSieveScripts(watch, { login: 'alice\nx', password: ALICE })).toThrow(/CR, LF/);
    expect(opened).toBe(false);
  });

  it('classifies a wrong ManageSieve password as auth, without the password in the transcript', async () => {
    const bad = await listSieveScripts(tcpOpener(cyrus.sievePort), { login: 'alice', password: ALICE });
    expect(bad.ok ? 'ok' : bad.failure).toBe('auth');
    expect(bad.transcript).toContain('C: AUTHENTICATE "PLAIN" ********');
    expect(bad.transcript.join('\n')).not.toContain(ALICE.reveal());
  });
});
