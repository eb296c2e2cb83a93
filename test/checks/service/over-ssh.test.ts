// The same checks through a real SSH connection: TCP probes go through forwardOut and the unix
// socket through perl run by sshd, i.e. from the checked host's point of view.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lmtpCheck } from '../../../checks/service/lmtp/index.js';
import { imapCheck } from '../../../checks/service/imap.js';
import { clockCheck } from '../../../checks/host/clock.js';
import type { SshTransport } from '../../../src/transport/index.js';
import { startCyrus, type Cyrus } from '../../helpers/daemons/cyrus.js';
import { makeContext } from '../../helpers/context.js';
import { sshdAvailable, startSshd, type TestSshd } from '../../helpers/sshd.js';
import { closedPort } from '../../helpers/tcp.js';
import { sshTransport } from '../../transport/ssh/fixtures.js';
import { cyrusFacts } from './seeded-facts.js';

describe.skipIf(!sshdAvailable())('checks over SSH', () => {
  let sshd: TestSshd;
  let cyrus: Cyrus;
  let transport: SshTransport;
  beforeAll(async () => {
    [sshd, cyrus] = await Promise.all([startSshd(), startCyrus()]);
    transport = sshTransport(sshd);
  });
  afterAll(async () => {
    await transport.close();
    await Promise.all([sshd.stop(), cyrus.stop()]);
  });

  it('probes IMAP through the SSH connection and reports refused ports as seen from the host', async () => {
    const dead = await closedPort();
    const conf = [
      'SERVICES {',
      ` imap cmd="imapd" listen="127.0.0.1:${cyrus.imapPort}"`,
      ` imap2 cmd="imapd" listen="127.0.0.1:${dead}"`,
      '}',
    ].join('\n');
    const outcome = await imapCheck.run(makeContext({ transport, facts: cyrusFacts(conf) }));
    expect(outcome.steps?.map((s) => s.status)).toEqual(['ok', 'crit']);
    expect(outcome.steps?.[1]?.summary).toContain('refused the connection');
  });

  it('reaches the LMTP unix socket with perl run over SSH', async () => {
    const conf = `SERVICES {\n lmtpunix cmd="lmtpd" listen="${cyrus.lmtpSocket}"\n}\n`;
    const outcome = await lmtpCheck.run(makeContext({ transport, facts: cyrusFacts(conf) }));
    expect(outcome.status).toBe('ok');
    expect(outcome.summary).toMatch(/lmtpd at .*lmtp greets as \S+ and answers LHLO/);
  });

  it('reads the clock through SSH with a small offset', async () => {
    const outcome = await clockCheck.run(makeContext({ transport }));
    expect(outcome.status).toBe('ok');
    expect(Math.abs(outcome.metrics?.[0]?.value ?? 99)).toBeLessThan(1);
  });
});
