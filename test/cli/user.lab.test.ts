// `oxdoctor user` on the lab through the built binary: each kind of user the lab has shown right, the verdict and the
// path, --password-stdin running the real logins without the password showing anywhere, --help saying what writes,
// and hostile input reaching AD only as an escaped literal.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { labPaths } from '../lab/lab.js';
import { buildCli, runCli, type Built } from './build.js';

const CONFIG = fileURLToPath(new URL('../lab/oxdoctor.yaml', import.meta.url));
let built: Built;
beforeAll(async () => {
  built = await buildCli();
}, 300_000);

interface UserJson {
  version: number;
  command: string;
  login: string | null;
  addresses: string[];
  status: string;
  exitCode: number;
  verdict: { hop: string; host: string | null; check: string; status: string; sentence: string; fix: string | null }[];
  hops: { id: string; stage: string; status: string; summary: string; results: { check: string; host: string }[] }[];
}

const user = (...args: string[]) => runCli(built.bin, ['user', '--config', CONFIG, ...args]);
async function userJson(query: string, ...args: string[]): Promise<{ doc: UserJson; code: number | null }> {
  const r = await user(query, '--format', 'json', ...args);
  expect(r.stderr).toBe('');
  return { doc: JSON.parse(r.stdout) as UserJson, code: r.code };
}
const show = (doc: UserJson) => doc.verdict.map((p) => `${p.check}@${p.host}: ${p.sentence}`).join('\n');
// What is about the user: the directory and the user probes. The catalogue's checks on the path report the site's
// health (another test's leftover deferred mail shows there rightly), and failed logins of the lab's test users in
// the last hour come from other tests' wrong passwords (user/activity warns on them rightly).
const problems = (doc: UserJson) =>
  doc.verdict.filter((p) => p.check.startsWith('user/') && p.check !== 'user/activity');

describe('oxdoctor user on the lab', () => {
  it('test1001, a full OX user: every stage of the path, no problem, exit 0 or 1 (failed logins only)', async () => {
    const { doc, code } = await userJson('test1001');
    expect(problems(doc), show(doc)).toEqual([]);
    expect(code).toBe(doc.exitCode);
    expect([0, 1]).toContain(code);
    expect(doc).toMatchObject({ version: 1, command: 'user', login: 'test1001' });
    expect(doc.addresses).toEqual(['test1001@oxmail.example.com', 'test1001@example.com', 'test1001@example.org']);
    expect([...new Set(doc.hops.map((h) => h.stage))]).toEqual([
      'directory',
      'inbound',
      'delivery',
      'archive',
      'login',
      'groupware',
      'activity',
    ]);
    const checks = new Set(doc.hops.flatMap((h) => h.results.map((r) => r.check)));
    for (const probe of ['routing', 'kerberos', 'logins', 'mailbox', 'ox', 'queue', 'activity'])
      expect(checks.has(`user/${probe}`), probe).toBe(true);
  });

  it('the text output: the path hop by hop, the verdict first when there is one, --verbose adds evidence', async () => {
    const plain = await user('test1001');
    expect(plain.stdout).toMatch(/^(OK|WARNING): test1001 <test1001@oxmail\.example\.com, /);
    expect(plain.stdout).toMatch(/\nThe path:\nOK +AD: who the user is +AD: test1001 /);
    expect(plain.stdout).toMatch(/\nOK +relay: mail in from Exchange and the Internet +relay routes all 3 addresses/);
    const verbose = await user('test1001', '--verbose');
    expect(verbose.stdout).toMatch(/ {6}OK user\/mailbox@servera: /);
    expect(verbose.stdout.length).toBeGreaterThan(plain.stdout.length * 3);
  });

  it.each([
    ['info01', 'infostore-only'],
    ['oxex01', 'Exchange mailbox and forwarding contact'],
    ['exch01', 'Exchange-only (an infostore-only OX user by the seed)'],
    ['ox1175', 'past the 1000th AD entry'],
  ])('%s (%s): shown right, no problem of its path', async (login) => {
    const { doc } = await userJson(login);
    expect(doc.login).toBe(login);
    expect(problems(doc), show(doc)).toEqual([]);
  });

  it('an address nobody has: not found in AD, exit 3, nothing else run', async () => {
    const r = await user('nobody4711@example.com');
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/^UNKNOWN: nobody4711@example\.com: 1 problem/);
    expect(r.stdout).toMatch(/AD \([^)]+\) has no user with login or address 'nobody4711@example\.com'/);
  });

  it('--password-stdin: the real kinit and IMAP logins run, and the password appears nowhere', async () => {
    const { secrets } = await labPaths();
    const password = readFileSync(`${secrets}/test1002.pw`, 'utf8').trim();
    const r = await runCli(
      built.bin,
      ['user', '--config', CONFIG, 'test1002', '--password-stdin', '--format', 'json', '--verbose'],
      {
        stdin: `${password}\n`,
      },
    );
    const doc = JSON.parse(r.stdout) as UserJson;
    expect(problems(doc), show(doc)).toEqual([]);
    const login = doc.hops.find((h) => h.stage === 'login')!;
    expect(login.results.find((x) => x.check === 'user/logins' && x.host === 'servera')).toBeDefined();
    expect(JSON.stringify(login)).toMatch(/test1002 logs in with Kerberos/);
    expect(r.stdout + r.stderr).not.toContain(password);
  });

  it('--help says --send is the only thing that writes; --keep without --send is a usage error', async () => {
    const help = await user('--help');
    expect(help.stdout).toMatch(/--send +WRITES: send marked test messages/);
    expect(help.stdout).toMatch(/--send is the only thing in oxdoctor that writes/);
    const r = await user('test1001', '--keep');
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/--keep needs --send/);
  });

  // At slapd: an unescaped '*' would match every user there and come back ambiguous, not 'no user'.
  it('hostile input: refused with CR/LF, otherwise an escaped literal at slapd (not found, exit 3)', async () => {
    for (const bad of ['test1001\r\nx', 'x'.repeat(10_000)]) {
      const r = await user(bad);
      expect(r.code, bad.slice(0, 20)).toBe(3);
      expect(r.stderr).toMatch(/one login or address, without CR, LF or NUL, up to 1024 characters/);
    }
    for (const bad of ['*)(uid=*', '*', 'a b;id', 'tëst@example.com', '*)(|(mail=*']) {
      const r = await user(bad);
      expect(r.code, `${bad}: ${r.stdout}`).toBe(3);
      expect(r.stdout).toMatch(/has no user with login or address/);
    }
  });
});
