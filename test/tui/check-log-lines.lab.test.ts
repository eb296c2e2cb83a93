// The check -> log lines table on the lab's own lines: with amavis stopped on the relay, the relay's deferral of
// a message Exchange sends is an amavis line for service/amavis; with cyrus stopped on server A, server A's LMTP
// deferral is one for service/lmtp. Both end up under queue/depth too. The test's messages are removed from the
// queues afterwards.
import { describe, expect, it } from 'vitest';
import type { LogLine } from '../../src/logs/types.js';
import { rulesMatching } from '../../src/tui/check-log-lines.js';
import { breakFault, healFault, LAB_ADDRESSES, labExec, type LabHost } from '../lab/lab.js';
import { eventually, smtpSend } from '../lab/probes.js';
import { logLine } from './log-lines.js';

// The host's maillog lines that contain `needle`, parsed as the live stream would.
async function maillog(host: LabHost, needle: string): Promise<LogLine[]> {
  const found = await labExec(host, ['grep', '-F', '-e', needle, '/var/log/maillog']);
  return found.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => logLine(l, host));
}

const checksOf = (line: LogLine): string[] => rulesMatching(line).map((r) => r.check);

async function send(marker: string): Promise<string> {
  const reply = await smtpSend(
    LAB_ADDRESSES.relay,
    25,
    'exch01@example.com',
    ['test1002@example.com'],
    `From: exch01@example.com\nTo: test1002@example.com\nMessage-ID: <${marker}@example.com>\nSubject: ${marker}\n\nx\n`,
  );
  const queueId = /queued as (\w+)/.exec(reply)?.[1];
  expect(queueId, reply).toBeDefined();
  return queueId!;
}

describe('log lines of the lab under faults, picked for their checks', () => {
  it("gives service/amavis the relay's deferral while amavis is down", async () => {
    let queueId: string | undefined;
    await breakFault('amavis-down');
    try {
      queueId = await send(`oxdoctor-rules-amavis-${process.pid}-${Date.now()}`);
      const lines = await eventually(
        async () => {
          const l = await maillog('relay', `${queueId}: to=<`);
          return l.some((x) => x.kind === 'deferred') ? l : undefined;
        },
        60_000,
        500,
      );
      const deferred = lines!.find((l) => l.kind === 'deferred')!;
      expect(deferred.raw).toMatch(/:10024: Connection refused/);
      expect(checksOf(deferred)).toEqual(['service/amavis', 'queue/depth']);
      const refused = (await maillog('relay', `postfix/smtp[${deferred.pid}]: connect to 127.0.0.1`)).at(-1);
      expect(refused?.kind).toBe('connect-failed');
      expect(checksOf(refused!)).toEqual(['service/amavis']);
    } finally {
      await healFault('amavis-down');
      if (queueId) await labExec('relay', ['postsuper', '-d', queueId]);
    }
  }, 120_000);

  it("gives service/lmtp server A's LMTP deferral while cyrus is down there", async () => {
    const marker = `oxdoctor-rules-lmtp-${process.pid}-${Date.now()}`;
    let queueId: string | undefined;
    await breakFault('cyrus-down');
    try {
      await send(marker);
      const lines = await eventually(
        async () => {
          const cleanup = (await maillog('servera', `message-id=<${marker}@`))[0];
          if (!cleanup?.queueId) return undefined;
          queueId = cleanup.queueId;
          const l = await maillog('servera', `${queueId}: to=<`);
          return l.some((x) => x.kind === 'deferred') ? l : undefined;
        },
        60_000,
        500,
      );
      const deferred = lines!.find((l) => l.kind === 'deferred')!;
      expect(deferred.program).toBe('postfix/lmtp');
      expect(checksOf(deferred)).toEqual(['service/lmtp', 'queue/depth']);
    } finally {
      await healFault('cyrus-down');
      if (queueId) await labExec('servera', ['postsuper', '-d', queueId]);
    }
  }, 120_000);
});
