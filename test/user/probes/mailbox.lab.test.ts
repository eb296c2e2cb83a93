// user/mailbox on the lab: the lab's kinds of user, and hostile logins, asserted at cyrus itself (its mailbox
// list and sieve directories are the same before and after: nothing was created or injected).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Result } from '../../../src/core/result.js';
import { mailboxProbe } from '../../../src/user/probes/mailbox.js';
import type { UserTarget } from '../../../src/user/target.js';
import { labExec, labPaths } from '../../lab/lab.js';
import { show } from '../../checks/mailbox/run.js';
import { labUser, runForUser, type LabUser } from '../lab-user.js';

const on = (results: readonly Result[], host: string) => results.find((r) => r.host === host)!;
const step = (r: Result, name: string) => r.steps.find((s) => s.name === name);

async function probe(user: LabUser): Promise<Result[]> {
  const results = await runForUser(user, [mailboxProbe(user.target)]);
  const { secrets } = await labPaths();
  const admin = readFileSync(`${secrets}/cyrus-admin.pw`, 'utf8').trim();
  expect(JSON.stringify(results)).not.toContain(admin);
  return results;
}

// What cyrus has on a host: every mailbox (ctl_mboxlist -d) and every user's sieve directory.
async function cyrusState(host: 'servera' | 'serverb'): Promise<string> {
  const dump = await labExec(host, ['su', '-s', '/bin/sh', 'cyrus', '-c', '/usr/lib/cyrus/bin/ctl_mboxlist -d']);
  const sieve = await labExec(host, ['find', '/var/lib/imap/sieve', '-mindepth', '2', '-maxdepth', '2']);
  expect(dump.code, dump.stderr).toBe(0);
  const names = dump.stdout
    .split('\n')
    .map((l) => /^"([^"]*)"/.exec(l)?.[1] ?? '')
    .filter(Boolean);
  return [...names, '--', ...sieve.stdout.split('\n').sort()].join('\n');
}

describe('user/mailbox on the lab', () => {
  it('test1001: OK on server A and server B with folders, anyone p, quota and the newest dates', async () => {
    const results = await probe(await labUser('test1001'));
    expect(results.map((r) => r.host).sort(), show(results)).toEqual(['servera', 'serverb']);
    for (const host of ['servera', 'serverb']) {
      const r = on(results, host);
      expect(r.status, show(results)).toBe('ok');
      expect(r.summary).toMatch(
        new RegExp(
          `^${host}: test1001's mailbox user/test1001 \\(.*\\) has all 4 folders, anyone p on Sent Items, no quota limit \\(\\d+ messages\\), INBOX (newest .* ago|empty), INBOX/Sent Items (newest .* ago|empty), and an active sieve script$`,
        ),
      );
      expect(step(r, 'folders')?.summary).toBe(`${host}: test1001 has all 4 folders (Drafts, Sent Items, Junk, Trash)`);
      expect(step(r, 'Sent Items ACL')?.summary).toMatch(/"INBOX\/Sent Items" grants anyone p/);
      expect(step(r, 'quota')?.summary).toMatch(/test1001 has no quota limit; \d+ messages, [\d.]+ KB in 5 folders/);
      expect(step(r, 'newest in INBOX')?.summary).toMatch(
        /test1001's INBOX (is empty|has \d+ messages, the newest filed)/,
      );
      expect(step(r, 'newest in INBOX/Sent Items')).toBeDefined();
      expect(step(r, 'sieve')?.summary).toBe(`${host}: test1001's sieve script "Open-Xchange" is active`);
      expect(r.metrics.find((m) => m.label === 'inbox_messages')).toBeDefined();
      expect(r.evidence.map((e) => e.label).join('\n')).toMatch(/imapflow session of cyrus on behalf of test1001/);
    }
    expect(on(results, 'serverb').summary).toMatch(/\(archive copies and Sent Items\)/);
    expect(on(results, 'servera').summary).toMatch(/\(its mail\)/);
  }, 60_000);

  it('oxex01 (Exchange mailbox and forwarding contact) and ox1175 (past the 1000th entry): full OX users, OK', async () => {
    for (const login of ['oxex01', 'ox1175']) {
      const results = await probe(await labUser(login));
      for (const host of ['servera', 'serverb']) {
        expect(on(results, host).status, show(results)).toBe('ok');
        expect(on(results, host).summary).toMatch(new RegExp(`^${host}: ${login}'s mailbox user/${login} \\(`));
      }
    }
  }, 60_000);

  it('info01 and exch01: no mailbox, as the seed has it, said plainly; and none was created by looking', async () => {
    const before = await Promise.all([cyrusState('servera'), cyrusState('serverb')]);
    for (const [login, why] of [
      ['info01', /an infostore-only user .*send-only mail/],
      ['exch01', /its mailbox is in Exchange/],
    ] as const) {
      const results = await probe(await labUser(login));
      for (const host of ['servera', 'serverb']) {
        const r = on(results, host);
        expect(r.status, show(results)).toBe('ok');
        expect(r.summary).toMatch(new RegExp(`^${host}: no mailbox for ${login}, as expected: `));
        expect(r.summary).toMatch(why);
      }
    }
    expect(await Promise.all([cyrusState('servera'), cyrusState('serverb')])).toEqual(before);
  }, 60_000);

  it('hostile logins: CR/LF refused before cyrus; quotes, wildcards, shell and LDAP syntax, non-ASCII and 10,000 characters create and inject nothing', async () => {
    const user = await labUser('test1001');
    const as = (login: string): LabUser => {
      const target: UserTarget = { ...user.target, login };
      return { ...user, target, userSite: { ...user.userSite, testUser: { login, address: 'x@example.com' } } };
    };
    const refused = ['test1001\r\nA1 DELETE user/test1002', 'x\nLOGOUT', 'a\0b', 'x'.repeat(10_000)];
    for (const login of refused) {
      const results = await probe(as(login));
      for (const r of results) {
        expect(r.status, show(results)).toBe('unknown');
        expect(r.summary).toMatch(/(contains CR, LF or NUL|has 10000 characters, more than .*): not sent to cyrus/);
        expect(r.evidence.filter((e) => /IMAP|imapflow|ManageSieve/.test(e.label))).toEqual([]);
      }
    }
    const before = await Promise.all([cyrusState('servera'), cyrusState('serverb')]);
    const hostile = ['*)(uid=*', 'a b;id', 'q" "*', 'back\\slash', '%', 'müller', `${'y'.repeat(250)}"*`];
    for (const login of hostile) {
      const results = await probe(as(login));
      for (const r of results) {
        // A full OX user's class with a name cyrus has no mailbox for: the missing mailbox, or cyrus refusing the name.
        expect(['crit', 'unknown'], `${login.slice(0, 40)}: ${show(results)}`).toContain(r.status);
        expect(r.summary).not.toMatch(/exists/);
        expect(r.steps.map((s) => s.name)).not.toContain('sieve');
      }
    }
    expect(await Promise.all([cyrusState('servera'), cyrusState('serverb')])).toEqual(before);
  }, 120_000);
});
