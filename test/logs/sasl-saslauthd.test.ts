// This machine's real saslauthd, run privately in debug mode (its own socket directory, nothing shared), asked
// over its socket to check wrong passwords: every line it writes must parse, and the failures must say who,
// for which service and mechanism, and why. No password appears in its output (asserted).
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { parseSaslMessage } from '../../src/logs/sasl.js';

const SASLAUTHD = '/usr/sbin/saslauthd';
const PASSWORD = 'wrong-Pa55word';

// saslauthd's socket protocol, as testsaslauthd speaks it (which takes the password only on its command line):
// login, password, service and realm, each a 16-bit big-endian length and the bytes; the answer is one such
// string, "OK ..." or "NO ...".
function askSaslauthd(socket: string, fields: { user: string; service: string; realm?: string }): Promise<string> {
  const counted = (text: string): Buffer => {
    const bytes = Buffer.from(text, 'utf8');
    const length = Buffer.alloc(2);
    length.writeUInt16BE(bytes.length);
    return Buffer.concat([length, bytes]);
  };
  return new Promise((resolve, reject) => {
    let answer = Buffer.alloc(0);
    const s = net.connect(socket, () => {
      s.end(Buffer.concat([fields.user, PASSWORD, fields.service, fields.realm ?? ''].map(counted)));
    });
    s.setTimeout(10_000, () => s.destroy(new Error('saslauthd did not answer')));
    s.on('data', (b: Buffer) => (answer = Buffer.concat([answer, b])));
    s.on('error', reject);
    s.on('close', () => resolve(answer.subarray(2, 2 + (answer.length >= 2 ? answer.readUInt16BE(0) : 0)).toString()));
  });
}

type Ask = { user: string; service: string; realm?: string };

async function runSaslauthd(mech: string, env: NodeJS.ProcessEnv, checks: Ask[]): Promise<string[]> {
  const dir = mkdtempSync(`${tmpdir()}/saslauthd-`);
  let out = '';
  const daemon: ChildProcess = spawn(SASLAUTHD, ['-d', '-a', mech, '-m', dir, '-n', '0'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // on exit saslauthd signals its whole process group: it must not be the test runner's
  });
  daemon.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  daemon.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise((resolve) => daemon.on('exit', resolve));
  try {
    for (let i = 0; i < 100 && !existsSync(`${dir}/mux`); i++) await new Promise((r) => setTimeout(r, 20));
    for (const ask of checks) expect(await askSaslauthd(`${dir}/mux`, ask)).toMatch(/^NO /);
  } finally {
    daemon.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
  return out.trimEnd().split('\n');
}

// "saslauthd[123] :text" is the -d form of its syslog lines; the parser gets the part after the pid.
const messages = (lines: string[]): string[] => lines.map((l) => l.replace(/^saslauthd\[\d+\] /, ''));

describe.skipIf(!existsSync(SASLAUTHD))('the real saslauthd of this machine', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('getpwent: every line parses; unknown user and wrong password are auth failures with their reasons', async () => {
    const lines = await runSaslauthd('getpwent', {}, [
      { user: 'oxdoctor-no-such-user', service: 'imap' },
      { user: 'root', service: 'smtp', realm: 'example.com' },
    ]);
    expect(lines.join('\n')).not.toContain(PASSWORD);
    const parsed = messages(lines).map((m) => parseSaslMessage(m));
    expect({ lines: lines.length, unknown: lines.filter((_, i) => !parsed[i]) }).toEqual({ lines: 11, unknown: [] });
    const failures = parsed.filter((p) => p!.kind === 'auth-failure').map((p) => p!.fields);
    expect(failures).toEqual([
      { user: 'oxdoctor-no-such-user', service: 'imap', realm: '', mech: 'getpwent', reason: 'Invalid username' },
      { user: 'root', service: 'smtp', realm: 'example.com', mech: 'getpwent', reason: 'Incorrect password' },
    ]);
  });

  it('kerberos5 against a KDC that does not answer: an auth failure naming krb5', async () => {
    const dir = mkdtempSync(`${tmpdir()}/krb5-`);
    dirs.push(dir);
    const conf = '[libdefaults]\n default_realm = EXAMPLE.TEST\n[realms]\n EXAMPLE.TEST = {\n  kdc = 127.0.0.1:1\n }\n';
    writeFileSync(`${dir}/krb5.conf`, conf);
    const lines = await runSaslauthd('kerberos5', { KRB5_CONFIG: `${dir}/krb5.conf` }, [
      { user: 'jdoe', service: 'imap' },
    ]);
    const parsed = messages(lines).map((m) => parseSaslMessage(m));
    expect(lines.filter((_, i) => !parsed[i])).toEqual([]);
    expect(parsed.find((p) => p!.kind === 'auth-failure')).toEqual({
      level: 'warn',
      kind: 'auth-failure',
      fields: {
        user: 'jdoe',
        service: 'imap',
        realm: '',
        mech: 'kerberos5',
        reason: 'krb5_get_init_creds_password failed',
      },
    });
  });
});
