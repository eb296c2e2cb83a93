import { describe, expect, it } from 'vitest';
import { LAB_ADDRESSES, labExec, type LabHost } from './lab.js';
import { eventually, smtpSend } from './probes.js';

// True when the cyrus mailbox (external name, e.g. "user/test1002" or "user/test1001/Sent Items") holds a
// message whose text contains `marker`.
async function mailboxHas(host: LabHost, mailbox: string, marker: string): Promise<boolean> {
  const where = await labExec(host, ['su', '-s', '/bin/sh', 'cyrus', '-c', `/usr/lib/cyrus/bin/mbpath '${mailbox}'`]);
  const dir = where.stdout.trim();
  if (where.code !== 0 || dir === '') return false;
  const found = await labExec(host, ['grep', '-rlF', '-e', marker, dir]);
  return found.stdout.split('\n').some((f) => /\/\d+\.$/.test(f));
}

describe('mail flow through the lab', () => {
  it('delivers a message sent to the relay into the INBOX on server A and its archive copy on server B', async () => {
    const marker = `lab-flow-${process.pid}-${Date.now()}`;
    const reply = await smtpSend(
      LAB_ADDRESSES.relay,
      25,
      'exch01@example.com',
      ['test1002@example.com'],
      `From: exch01@example.com\nTo: test1002@example.com\nSubject: ${marker}\n\nrelay -> amavis -> A and B\n`,
    );
    expect(reply).toMatch(/^250 /);
    expect(await eventually(() => mailboxHas('servera', 'user/test1002', marker), 60_000, 500)).toBe(true);
    expect(await eventually(() => mailboxHas('serverb', 'user/test1002', marker), 60_000, 500)).toBe(true);
    const relayLog = await labExec('relay', ['grep', '-F', 'Passed CLEAN', '/var/log/maillog']);
    expect(relayLog.stdout).toMatch(/amavis\[\d+\]: .*Passed CLEAN/);
  });

  it("files a copy of a message sent through server A into the sender's Sent Items on server B", async () => {
    const marker = `lab-sent-${process.pid}-${Date.now()}`;
    const reply = await smtpSend(
      LAB_ADDRESSES.servera,
      25,
      'test1001@example.com',
      ['exch02@example.com'],
      `From: test1001@example.com\nTo: exch02@example.com\nSubject: ${marker}\n\nsent from OX\n`,
    );
    expect(reply).toMatch(/^250 /);
    expect(await eventually(() => mailboxHas('serverb', 'user/test1001/Sent Items', marker), 60_000, 500)).toBe(true);
  });

  it('has amavis block a message carrying the lab test signature, found by clamd', async () => {
    const marker = `lab-virus-${process.pid}-${Date.now()}`;
    const reply = await smtpSend(
      LAB_ADDRESSES.relay,
      25,
      'exch01@example.com',
      ['test1003@example.com'],
      `From: exch01@example.com\nTo: test1003@example.com\nSubject: ${marker}\n\nOXDOCTOR-LAB-TEST-VIRUS\n`,
    );
    expect(reply).toMatch(/^250 /);
    const blocked = await eventually(
      async () => {
        const r = await labExec('relay', ['grep', '-F', 'Blocked INFECTED', '/var/log/maillog']);
        return r.stdout.split('\n').find((l) => l.includes('OXLab-Test-Virus') && l.includes('test1003@example.com'));
      },
      30_000,
      500,
    );
    expect(blocked).toMatch(/amavis\[\d+\]: .*Blocked INFECTED \(OXLab-Test-Virus/);
    expect(await mailboxHas('servera', 'user/test1003', marker)).toBe(false);
  });
});
