import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveSecret, type SecretEnvironment } from '../../src/config/secrets.js';
import { loadConfigText } from '../../src/config/index.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function file(content: string, mode = 0o600): string {
  const dir = mkdtempSync(join(tmpdir(), 'oxdoctor-secret-'));
  dirs.push(dir);
  const path = join(dir, 'pw');
  writeFileSync(path, content, { mode });
  return path;
}
const base: SecretEnvironment = {
  env: {},
  isTTY: false,
  prompt: async () => {
    throw new Error('no prompt expected');
  },
  home: '/home/oncall',
  mode: 'resolve',
};

describe('resolveSecret', () => {
  it('reads {env: NAME} from the environment', async () => {
    const r = await resolveSecret({ env: 'AD_BIND_PW' }, 'k', { ...base, env: { AD_BIND_PW: 'pw from env' } });
    expect(r.ok && r.secret?.reveal()).toBe('pw from env');
    expect(r.ok && r.secret?.source).toBe('env:AD_BIND_PW');
  });

  it('says which variable is missing or empty, without a value', async () => {
    expect(await resolveSecret({ env: 'AD_BIND_PW' }, 'k', base)).toEqual({
      ok: false,
      problem: 'environment variable AD_BIND_PW is not set',
    });
    expect(await resolveSecret({ env: 'X' }, 'k', { ...base, env: { X: '' } })).toEqual({
      ok: false,
      problem: 'environment variable X is empty',
    });
  });

  it('reads {file: PATH} and drops exactly one trailing newline', async () => {
    const r = await resolveSecret({ file: file('line one\n') }, 'k', base);
    expect(r.ok && r.secret?.reveal()).toBe('line one');
    const crlf = await resolveSecret({ file: file('pw\r\n') }, 'k', base);
    expect(crlf.ok && crlf.secret?.reveal()).toBe('pw');
  });

  it('warns about a secret file everyone can read', async () => {
    const path = file('pw\n', 0o644);
    const r = await resolveSecret({ file: path }, 'k', base);
    expect(r.ok && r.warning).toBe(`secret file ${path} is readable by everyone (chmod 600 it)`);
    expect(r.ok && (await resolveSecret({ file: file('pw\n') }, 'k', base)).ok).toBe(true);
  });

  it('says a secret file is missing or empty', async () => {
    expect(await resolveSecret({ file: '/no/such/pw' }, 'k', base)).toEqual({
      ok: false,
      problem: 'secret file /no/such/pw does not exist',
    });
    const empty = file('\n');
    expect(await resolveSecret({ file: empty }, 'k', base)).toEqual({
      ok: false,
      problem: `secret file ${empty} is empty`,
    });
  });

  it('refuses prompt without a terminal and asks on one', async () => {
    const none = await resolveSecret('prompt', 'testUser.password', base);
    expect(none).toEqual({
      ok: false,
      problem: 'prompt needs a terminal and there is none (use {env: NAME} or {file: PATH} when running unattended)',
    });
    let asked = '';
    const tty = await resolveSecret('prompt', 'testUser.password', {
      ...base,
      isTTY: true,
      prompt: async (q) => {
        asked = q;
        return 'typed pw';
      },
    });
    expect(asked).toBe('Password for testUser.password: ');
    expect(tty.ok && tty.secret?.reveal()).toBe('typed pw');
  });

  it('checks but never prompts when validating', async () => {
    const r = await resolveSecret('prompt', 'k', { ...base, isTTY: true, mode: 'validate' });
    expect(r).toEqual({ ok: true });
  });
});

describe('secrets that could not be sent as they are', () => {
  // A password goes into an IMAP LOGIN, SASL PLAIN (NUL-separated) or an LDAP bind: a line break or a NUL
  // there ends or splits the command. The value itself is never echoed.
  it('refuses a secret file with a control character besides the final newline', async () => {
    const path = file('line one\n\n');
    expect(await resolveSecret({ file: path }, 'k', base)).toEqual({
      ok: false,
      problem: `secret file ${path} holds a control character (CR, LF, NUL, ...) besides its final newline`,
    });
    const nul = file('pw\u0000admin\n');
    expect(await resolveSecret({ file: nul }, 'k', base)).toMatchObject({ ok: false });
  });

  it('refuses an environment variable or a typed password with a control character', async () => {
    expect(await resolveSecret({ env: 'PW' }, 'k', { ...base, env: { PW: 'pw\r\n' } })).toEqual({
      ok: false,
      problem: 'environment variable PW holds a control character (CR, LF, NUL, ...)',
    });
    const typed = await resolveSecret('prompt', 'k', { ...base, isTTY: true, prompt: async () => 'pw\u001b[A' });
    expect(typed).toEqual({ ok: false, problem: 'the password typed holds a control character (an arrow key?)' });
  });
});

describe('secret files that are not regular files of a few bytes', () => {
  it('refuses a FIFO at once instead of waiting for a writer', async () => {
    const fifo = join(mkdtempSync(join(tmpdir(), 'oxdoctor-secret-')), 'pw');
    dirs.push(join(fifo, '..'));
    execFileSync('mkfifo', [fifo]);
    expect(await resolveSecret({ file: fifo }, 'k', base)).toEqual({
      ok: false,
      problem: `secret file ${fifo} is a FIFO (named pipe), not a regular file`,
    });
  }, 5000);

  it('refuses /dev/zero before reading from it', async () => {
    expect(await resolveSecret({ file: '/dev/zero' }, 'k', base)).toEqual({
      ok: false,
      problem: 'secret file /dev/zero is a character device, not a regular file',
    });
  });

  it('refuses a file over 64 KiB', async () => {
    const path = file(`${'x'.repeat(70_000)}\n`);
    expect(await resolveSecret({ file: path }, 'k', base)).toEqual({
      ok: false,
      problem: `secret file ${path} is larger than 64 KiB (70001 bytes)`,
    });
  });
});

describe('secret problems in a config file', () => {
  it('name the file, line, column and key of a missing env var', async () => {
    const text =
      'hosts:\n  here: { local: true, roles: [] }\nox:\n  context: 1\n  admin: oxadmin\n  adminPassword: { env: OX_ADMIN_PW }\n';
    const err = await loadConfigText(text, 'site.yaml', { env: {}, home: '/nonexistent' }).catch((e: Error) => e);
    expect((err as Error).message).toBe(
      'site.yaml:6:18: ox.adminPassword: environment variable OX_ADMIN_PW is not set',
    );
  });

  it('turn a world-readable file into a warning at its line', async () => {
    const path = file('pw\n', 0o644);
    const text = `hosts:\n  here: { local: true, roles: [] }\ntestUser:\n  login: t\n  address: t@example.com\n  password: { file: ${path} }\n`;
    const loaded = await loadConfigText(text, 'site.yaml', { env: {}, home: '/nonexistent' });
    expect(loaded.warnings).toEqual([
      `site.yaml:6:13: testUser.password: secret file ${path} is readable by everyone (chmod 600 it)`,
    ]);
  });
});
