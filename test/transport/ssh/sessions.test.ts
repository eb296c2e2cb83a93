import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSshd, sshdAvailable, type TestSshd } from '../../helpers/sshd.js';
import { sshTransport } from './fixtures.js';

// These run every command on a channel of its own (helper: false), the path streams and hosts without
// perl take; through the helper, collected commands do not open sessions at all.
describe.skipIf(!sshdAvailable())('SSH sessions against a server with MaxSessions 2', () => {
  let sshd: TestSshd;
  beforeAll(async () => {
    sshd = await startSshd({ extraConfig: ['MaxSessions 2'] });
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  it('rides out sessions the server has not freed yet during a burst of short commands', async () => {
    const t = sshTransport(sshd, { maxChannels: 2, helper: false });
    try {
      const results = await Promise.all(Array.from({ length: 30 }, (_, i) => t.exec(['echo', String(i)])));
      expect(results.map((r) => r.stdout)).toEqual(Array.from({ length: 30 }, (_, i) => `${i}\n`));
      expect(t.info().connections).toBe(1);
    } finally {
      await t.close();
    }
  });

  it('says to lower maxChannels when it stays above the server limit', async () => {
    const t = sshTransport(sshd, { maxChannels: 3, helper: false });
    try {
      const runs = await Promise.allSettled(Array.from({ length: 3 }, () => t.exec(['sleep', '1.5'])));
      const refused = runs.filter((r) => r.status === 'rejected');
      expect(refused).toHaveLength(1);
      expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({
        kind: 'other',
        message: expect.stringMatching(/refused a new session/),
        hint: expect.stringMatching(/lower maxChannels \(now 3\)/),
      });
    } finally {
      await t.close();
    }
  });
});

describe.skipIf(!sshdAvailable())('SSH exit statuses of fast commands', () => {
  let sshd: TestSshd;
  beforeAll(async () => {
    sshd = await startSshd();
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  // A fast command's reply (data, exit-status, EOF, close) can arrive in one TCP chunk together with the
  // exec confirmation; ssh2 emits 'exit' before the caller's listeners exist. Seen as code null in bursts.
  it.each([true, false])(
    'reports the exit status of every command in bursts of fast commands (helper: %s)',
    async (helper) => {
      const t = sshTransport(sshd, { helper });
      try {
        const codes: (number | null)[] = [];
        for (let round = 0; round < 5; round++) {
          const rs = await Promise.all(Array.from({ length: 40 }, (_, i) => t.exec(['sh', '-c', `exit ${i % 3}`])));
          codes.push(...rs.map((r) => r.code));
        }
        expect(codes).toEqual(Array.from({ length: 200 }, (_, i) => (i % 40) % 3));
      } finally {
        await t.close();
      }
    },
  );
});
