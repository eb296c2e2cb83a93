import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, runCli, REPO, type Built } from './build.js';

let built: Built;
const version = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;

beforeAll(async () => {
  built = await buildCli();
}, 180_000);

const run = (...args: string[]) => runCli(built.bin, args);

describe('oxdoctor --version and --help', () => {
  it('prints the package version and exits 0', async () => {
    for (const flag of ['--version', '-V']) {
      const r = await run(flag);
      expect(r).toMatchObject({ code: 0, stdout: `${version}\n`, stderr: '' });
    }
  });

  // The 200 ms --version bar is measured in test/bench/startup.ts; here only what keeps it fast.
  it('loads no UI, SSH or LDAP library for --version or --help', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oxdoctor-trace-'));
    try {
      for (const args of [['--version'], ['--help'], ['check', '--help']]) {
        const file = join(dir, `${args.join('_')}.txt`);
        const r = await runCli(built.bin, args, {
          env: { OXDOCTOR_TRACE_FILE: file },
          nodeArgs: ['--import', join(REPO, 'test/cli/trace-loads.mjs')],
        });
        expect(r.code).toBe(0);
        const loaded = readFileSync(file, 'utf8');
        expect(loaded).toContain('/src/cli/');
        expect(loaded).not.toMatch(/node_modules\/(ink|react|ssh2|ldapts|imapflow|yaml|zod)\//);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('explains commands, examples, exit codes and where the config is searched', async () => {
    const r = await run('--help');
    expect(r.code).toBe(0);
    for (const text of [
      'check [options]',
      'checks [options]',
      'config',
      'Examples:',
      '0 OK   1 WARNING   2 CRITICAL   3 UNKNOWN',
      '$OXDOCTOR_CONFIG',
      '/etc/oxdoctor/config.yaml',
      'NO_COLOR',
    ]) {
      expect(r.stdout).toContain(text);
    }
  });

  it('documents the formats and the deadline in the help of check', async () => {
    const r = await run('check', '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--format <format>');
    expect(r.stdout).toContain('prometheus  node_exporter textfile format');
    expect(r.stdout).toContain('Global Options:');
    expect(r.stdout).toContain('--timeout <ms>');
  });
});

describe('oxdoctor usage errors', () => {
  it.each([
    [
      ['check', '--formt', 'json'],
      "oxdoctor: unknown option '--formt' (did you mean --format?) (see 'oxdoctor check --help')",
    ],
    [['--bogus'], "oxdoctor: unknown option '--bogus' (see 'oxdoctor --help')"],
    [
      ['chekc'],
      "oxdoctor: unknown command 'chekc'; commands are check, checks, config, user, logs, trace, bundle (see 'oxdoctor --help')",
    ],
    [
      ['check', '--format', 'xml'],
      "oxdoctor: option '--format <format>' argument 'xml' is invalid. Allowed choices are text, json, nagios, prometheus. (see 'oxdoctor check --help')",
    ],
    [
      ['--timeout', '0', 'check'],
      "oxdoctor: option '--timeout <ms>' argument '0' is invalid. expected milliseconds (a whole number above 0), got '0' (see 'oxdoctor --help')",
    ],
    [
      ['check', '--concurrency', 'many'],
      "oxdoctor: option '--concurrency <n>' argument 'many' is invalid. expected a number of checks (a whole number above 0), got 'many' (see 'oxdoctor --help')",
    ],
    [['config'], "oxdoctor: 'config' needs a subcommand: validate or show (see 'oxdoctor config --help')"],
  ])('exits 3 with one line for %j', async (args, line) => {
    const r = await run(...args);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${line}\n`);
  });

  it('user: without a login or with CR/LF in it, a usage error and exit 3', async () => {
    const none = await run('user');
    expect(none.code).toBe(3);
    expect(none.stderr).toMatch(/missing required argument 'login-or-address'/);
    const crlf = await run('user', 'a\r\nb');
    expect(crlf.code).toBe(3);
    expect(crlf.stderr).toMatch(/one login or address, without CR, LF or NUL/);
  });
});

describe('oxdoctor config', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'oxdoctor-cli-config-'));
    writeFileSync(join(dir, 'admin.pw'), 'ox admin pass 42\n', { mode: 0o600 });
    writeFileSync(
      join(dir, 'site.yaml'),
      [
        'site: CLI test',
        'hosts:',
        '  here: { local: true, roles: [relay] }',
        'endpoints:',
        '  ldap: { url: "ldap://127.0.0.1:1389", bindDn: "cn=svc,dc=example,dc=com", bindPassword: { env: CLI_TEST_BIND_PW }, baseDn: "dc=example,dc=com" }',
        '  kerberos: { realm: AD.EXAMPLE.COM, kdc: ["127.0.0.1:88"] }',
        `ox: { context: 1, admin: oxadmin, adminPassword: { file: ${join(dir, 'admin.pw')} } }`,
        '',
      ].join('\n'),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('shows the configuration with every secret by reference and never its value', async () => {
    const r = await runCli(built.bin, ['config', 'show', '--config', join(dir, 'site.yaml')], {
      env: { CLI_TEST_BIND_PW: 'bind pw with spaces' },
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('bindPassword: <secret env:CLI_TEST_BIND_PW>');
    expect(r.stdout).toContain(`adminPassword: <secret file:${join(dir, 'admin.pw')}>`);
    for (const leak of ['bind pw with spaces', 'pw with', 'ox admin pass 42', 'admin pass']) {
      expect(`${r.stdout}${r.stderr}`).not.toContain(leak);
    }
  });

  it('validates a good file and names file, line and key of a bad one, with exit 3', async () => {
    const good = await runCli(built.bin, ['config', 'validate', '--config', join(dir, 'site.yaml')], {
      env: { CLI_TEST_BIND_PW: 'x1y2z3' },
    });
    expect(good).toMatchObject({ code: 0, stdout: `config OK: ${join(dir, 'site.yaml')}\n` });
    const bad = await runCli(built.bin, ['config', 'validate', '--config', join(dir, 'site.yaml')]);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(
      new RegExp(
        `^oxdoctor: ${join(dir, 'site.yaml')}:5:\\d+: endpoints\\.ldap\\.bindPassword: environment variable CLI_TEST_BIND_PW is not set\\n$`,
      ),
    );
  });

  it('refuses a missing config file in one line with exit 3 for any command that needs it', async () => {
    const r = await runCli(built.bin, ['check', '--config', join(dir, 'missing.yaml')]);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`${join(dir, 'missing.yaml')}`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
