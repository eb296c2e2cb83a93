// postfix/pipeline and service/lmtp's postfix view on the lab: OK when healthy; procmailrc-missing and
// pipe-reinjection-gone on server A's procmail pipe (the latter with one real message that the pipe logs as
// sent and that never comes back: "mail is being lost" leads); lmtp-socket-perms, which root's probe passes.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pipelineCheck } from '../../../checks/postfix/pipeline/index.js';
import { lmtpCheck } from '../../../checks/service/lmtp/index.js';
import type { SiteConfig } from '../../../src/config/types.js';
import type { Result } from '../../../src/core/result.js';
import { breakFault, healFault, LAB_ADDRESSES, labExec, labPaths } from '../../lab/lab.js';
import { eventually, run, smtpSend } from '../../lab/probes.js';
import { labSite, runChecks, show } from '../mailbox/run.js';

let site: SiteConfig;
let state: string;
beforeAll(async () => {
  site = await labSite();
  state = (await labPaths()).state;
});

const onA = (results: Result[]): Result => results.find((r) => r.host === 'servera')!;

// What heal must restore: server A's postfix files byte for byte, and the socket directory's mode.
async function snapshot(): Promise<string> {
  const pf = path.join(state, 'hosts/servera/etc/postfix');
  const hash = createHash('sha256');
  for (const f of ['master.cf', 'procmailrc', 'ssmtp', 'disclaimer.txt']) {
    hash.update(f);
    hash.update(await readFile(path.join(pf, f)).catch(() => Buffer.from('(missing)')));
  }
  const mode = await run('stat', ['-c', '%a %U %G', path.join(state, 'hosts/servera/var/lib/imap/socket')]);
  return `${hash.digest('hex')} ${mode.stdout.trim()}`;
}

// Sends one message through server A's port 25 (the procmail pipe) and returns its queue id there.
async function sendThroughPipe(marker: string): Promise<string> {
  const reply = await smtpSend(
    LAB_ADDRESSES.servera,
    25,
    'test1001@example.com',
    ['exch02@example.com'],
    `From: test1001@example.com\nTo: exch02@example.com\nSubject: ${marker}\n\nthrough procmail\n`,
  );
  expect(reply).toMatch(/^250 /);
  return /queued as ([0-9A-Za-z]+)/.exec(reply)![1]!;
}

const piped = (queueId: string) => async (): Promise<boolean> =>
  (
    await labExec('servera', ['grep', '-c', `${queueId}: .*relay=procmail.*status=sent`, '/var/log/maillog'])
  ).stdout.trim() !== '0';

describe('postfix/pipeline on the lab', () => {
  it('is OK on servera and serverb, following port 25 through procmail, altermime and the re-injection', async () => {
    const results = await runChecks(site, [pipelineCheck]);
    expect(results.map((r) => r.host)).toEqual(expect.arrayContaining(['servera', 'serverb']));
    expect(
      results.filter((r) => r.status !== 'ok'),
      show(results),
    ).toEqual([]);
    expect(onA(results).summary).toMatch(
      /^smtp, smtps -> \/usr\/bin\/procmail -> \/usr\/bin\/altermime -> \/etc\/postfix\/ssmtp -> 127\.0\.0\.1:11025 \(as nobody\)/,
    );
    expect(results.find((r) => r.host === 'serverb')!.summary).toMatch(
      /-> \/usr\/sbin\/sendmail -> pickup \(as nobody\)/,
    );
  }, 60_000);

  it('procmailrc-missing: CRIT on servera naming the missing rcfile; OK after heal, files restored', async () => {
    const before = await snapshot();
    await breakFault('procmailrc-missing');
    let broken: Result[];
    try {
      broken = await runChecks(site, [pipelineCheck]);
    } finally {
      await healFault('procmailrc-missing');
    }
    const a = onA(broken);
    expect(a.status, show(broken)).toBe('crit');
    // catches: procmail's rcfile missing: mail from port 25 is deferred
    expect(a.summary).toMatch(
      /^\/etc\/postfix\/procmailrc \(\/usr\/bin\/procmail's rcfile\) is missing: mail from smtp, smtps is deferred by the procmail pipe/,
    );
    expect(a.hint).toMatch(/restore \/etc\/postfix\/procmailrc/);
    expect(broken.find((r) => r.host === 'serverb')?.status, show(broken)).toBe('ok');
    expect(await snapshot()).toBe(before);
    const healed = await runChecks(site, [pipelineCheck]);
    expect(
      healed.filter((r) => r.status !== 'ok'),
      show(healed),
    ).toEqual([]);
  }, 120_000);

  it('pipe-reinjection-gone: a message sent to port 25 is lost, and that leads the summary', async () => {
    const before = await snapshot();
    await breakFault('pipe-reinjection-gone');
    let broken: Result[];
    try {
      const id = await sendThroughPipe(`pipeline-lost-${process.pid}-${Date.now()}`);
      expect(await eventually(piped(id), 20_000, 250)).toBe(true);
      await new Promise((r) => setTimeout(r, 21_000)); // past the grace a re-injected copy has to show up
      broken = await runChecks(site, [pipelineCheck]);
    } finally {
      await healFault('pipe-reinjection-gone');
    }
    const a = onA(broken);
    expect(a.status, show(broken)).toBe('crit');
    // catches: mail is being lost: the pipe logs status=sent and the message never comes back
    expect(a.summary).toMatch(
      /^mail is being lost: \d+ messages? since .* passed the procmail pipe \(status=sent\) and never came back into postfix .*: \/etc\/postfix\/ssmtp \(\/etc\/postfix\/procmailrc line 11\) hands mail back to 127\.0\.0\.1:11025 \(msmtp --host=127\.0\.0\.1 --port=11025\), where master\.cf runs no smtpd/,
    );
    expect(a.steps[0]?.name).toBe('mail lost');
    expect(await snapshot()).toBe(before);

    // Healed, the next message comes back: the loss is over, said but not alarmed on.
    const next = await sendThroughPipe(`pipeline-back-${process.pid}-${Date.now()}`);
    expect(await eventually(piped(next), 20_000, 250)).toBe(true);
    await new Promise((r) => setTimeout(r, 3_000));
    const healed = await runChecks(site, [pipelineCheck]);
    expect(
      healed.filter((r) => r.status !== 'ok'),
      show(healed),
    ).toEqual([]);
    expect(onA(healed).summary).toMatch(
      /the procmail pipe works again; earlier, \d+ messages? (was|were) lost (at|between)/,
    );
  }, 150_000);
});

describe('service/lmtp as postfix sees the socket', () => {
  it('is OK on servera and serverb with a step for postfix reaching /var/lib/imap/socket/lmtp', async () => {
    const results = await runChecks(site, [lmtpCheck]);
    expect(
      results.filter((r) => r.status !== 'ok'),
      show(results),
    ).toEqual([]);
    expect(onA(results).steps.map((s) => s.name)).toContain('postfix -> /var/lib/imap/socket/lmtp');
  }, 60_000);

  it('lmtp-socket-perms: CRIT naming the directory postfix cannot search, though root still connects', async () => {
    const before = await snapshot();
    await breakFault('lmtp-socket-perms');
    let broken: Result[];
    let rootConnects: boolean;
    try {
      broken = await runChecks(site, [lmtpCheck]);
      rootConnects = (await labExec('servera', ['test', '-w', '/var/lib/imap/socket/lmtp'])).code === 0;
    } finally {
      await healFault('lmtp-socket-perms');
    }
    expect(rootConnects).toBe(true);
    const a = onA(broken);
    expect(a.status, show(broken)).toBe('crit');
    expect(a.summary).toMatch(
      /^postfix delivers to lmtp:unix:\/var\/lib\/imap\/socket\/lmtp \(mailbox_transport\), but postfix \(uid \d+, groups [\d ]+\) may not connect: \/var\/lib\/imap\/socket is drwx------ owner \d+ group \d+, no search \(x\) for postfix/,
    );
    expect(a.steps.filter((s) => s.status === 'ok').length).toBeGreaterThan(0); // root's LHLO probe still answers
    expect(broken.find((r) => r.host === 'serverb')?.status, show(broken)).toBe('ok');
    expect(await snapshot()).toBe(before);
    const healed = await runChecks(site, [lmtpCheck]);
    expect(
      healed.filter((r) => r.status !== 'ok'),
      show(healed),
    ).toEqual([]);
  }, 120_000);
});
