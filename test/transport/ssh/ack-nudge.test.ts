// The ACK nudge against a real sshd: while a connection starts, a packet the client does not answer is
// answered with SSH_MSG_IGNORE, sshd takes it without complaint, and after stop() nothing more is sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'ssh2';
import { openExecChannel } from '../../../src/transport/ssh/channel.js';
import { openSshConnection, type OpenedConnection } from '../../../src/transport/ssh/connect.js';
import { startSshd, sshdAvailable, type TestSshd } from '../../helpers/sshd.js';
import { targetFor } from './fixtures.js';

// Output first, exit later: the output arrives as a packet of its own that the client does not answer.
async function outputThenExit(client: Client): Promise<string> {
  const channel = await openExecChannel(client, 'echo early; sleep 0.3; echo late');
  let out = '';
  channel.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise((resolve) => channel.on('close', resolve));
  return out;
}

describe.skipIf(!sshdAvailable())('ACK nudge', () => {
  let sshd: TestSshd;
  beforeAll(async () => {
    sshd = await startSshd();
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  const open = (ackNudge?: boolean): Promise<OpenedConnection> =>
    openSshConnection('lab-host', targetFor(sshd), ackNudge === undefined ? {} : { ackNudge });

  it('answers unanswered packets while the connection starts, and sshd takes the answers', async () => {
    const c = await open();
    try {
      expect(c.ackNudge).not.toBeNull();
      expect(await outputThenExit(c.client)).toBe('early\nlate\n');
      const sent = c.ackNudge!.sent;
      expect(sent).toBeGreaterThan(0);
      // The connection is still in order after the IGNORE packets.
      expect(await outputThenExit(c.client)).toBe('early\nlate\n');
      expect(sshd.log()).not.toMatch(/protocol error|Disconnecting|Bad packet/i);

      c.ackNudge!.stop();
      const stopped = c.ackNudge!.sent;
      expect(await outputThenExit(c.client)).toBe('early\nlate\n');
      expect(c.ackNudge!.sent).toBe(stopped);
    } finally {
      c.client.end();
    }
  });

  it('is not started when turned off', async () => {
    const c = await open(false);
    try {
      expect(c.ackNudge).toBeNull();
      expect(await outputThenExit(c.client)).toBe('early\nlate\n');
    } finally {
      c.client.end();
    }
  });
});
