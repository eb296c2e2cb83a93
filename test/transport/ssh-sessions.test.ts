import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSshd, sshdAvailable, type TestSshd } from '../helpers/sshd.js';
import { sshTransport } from './ssh-fixtures.js';

describe.skipIf(!sshdAvailable())('SSH sessions against a server with MaxSessions 2', () => {
  let sshd: TestSshd;
  beforeAll(async () => {
    sshd = await startSshd({ extraConfig: ['MaxSessions 2'] });
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  it('rides out sessions the server has not freed yet during a burst of short commands', async () => {
    const t = sshTransport(sshd, { maxChannels: 2 });
    try {
      const results = await Promise.all(Array.from({ length: 30 }, (_, i) => t.exec(['echo', String(i)])));
      expect(results.map((r) => r.stdout)).toEqual(Array.from({ length: 30 }, (_, i) => `${i}\n`));
      expect(t.info().connections).toBe(1);
    } finally {
      await t.close();
    }
  });

  it('says to lower maxChannels when it stays above the server limit', async () => {
    const t = sshTransport(sshd, { maxChannels: 3 });
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
