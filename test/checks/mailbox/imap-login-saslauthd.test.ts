// mailbox/imap-login when imapd refuses the password and imapd.conf sends passwords to saslauthd: a real cyrus
// (refusing the login), a real saslauthd on a socket of its own, this machine's ps, perl and service files.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imapLoginCheck } from '../../../checks/mailbox/imap-login/index.js';
import { makeContext } from '../../helpers/context.js';
import { removeDir, tempDir } from '../../helpers/daemons/process.js';
import { startMailboxCyrus, WRONG_PW, type MailboxCyrus } from './mailbox-cyrus.js';

let box: MailboxCyrus;
let dir: string;
beforeAll(async () => {
  box = await startMailboxCyrus(['sasl_mech_list: PLAIN LOGIN']);
  dir = tempDir('saslauthd');
}, 60_000);
afterAll(async () => {
  stopSaslauthd();
  removeDir(dir);
  await box?.stop();
});

// imapd.conf as the host has it: passwords go to saslauthd at `socket`.
const viaSaslauthd = (socket: string) =>
  box.facts({
    imapdConf: `${box.imapdConfText}\nsasl_pwcheck_method: saslauthd\nsasl_saslauthd_path: ${socket}\n`,
  });

const refused = (socket: string) =>
  imapLoginCheck.run(makeContext({ site: box.site('test1001', WRONG_PW), facts: viaSaslauthd(socket) }));

// saslauthd daemonizes and writes <dir>/saslauthd.pid, as init scripts start it.
function startSaslauthd(): number {
  execFileSync('/usr/sbin/saslauthd', ['-a', 'getpwent', '-m', dir, '-n', '1']);
  // The pid file exists a moment before its number is in it.
  for (let i = 0; i < 50; i++) {
    const pid = readPid();
    if (pid !== null) return pid;
    execFileSync('sleep', ['0.1']);
  }
  throw new Error(`saslauthd wrote no pid to ${dir}/saslauthd.pid`);
}

function readPid(): number | null {
  const pidFile = join(dir, 'saslauthd.pid');
  const text = existsSync(pidFile) ? readFileSync(pidFile, 'utf8').trim() : '';
  return /^\d+$/.test(text) && Number(text) > 1 ? Number(text) : null;
}

function stopSaslauthd(): void {
  const pid = readPid();
  if (pid === null) return;
  try {
    process.kill(pid);
    // Wait for it to be gone, so that the next test's saslauthd does not meet its lock or its exit.
    for (let i = 0; i < 50; i++) {
      process.kill(pid, 0);
      execFileSync('sleep', ['0.1']);
    }
  } catch {
    // gone
  }
  rmSync(join(dir, 'saslauthd.pid'), { force: true });
}

describe('mailbox/imap-login with saslauthd behind imapd', () => {
  it('names saslauthd and its socket, not the password, when no saslauthd runs for that socket', async () => {
    // catches: saslauthd not running: every password login refused, named with its mechanism and socket
    const socket = join(dir, 'mux');
    const outcome = await refused(socket);
    expect(outcome.status).toBe('crit');
    expect(outcome.summary).toMatch(
      new RegExp(
        `^saslauthd \\((mech \\w+, )?socket ${socket}\\) is not running: every IMAP password login on testhost fails$`,
      ),
    );
    expect(outcome.hint).toMatch(/^start saslauthd on testhost \(service saslauthd start; chkconfig saslauthd on\)/);
    expect(outcome.hint).not.toMatch(/password in the config/);
  });

  it('says the daemon runs but its socket is gone when the pid file is alive and the socket missing', async () => {
    // catches: saslauthd running but its socket missing or not a socket
    const pid = startSaslauthd();
    try {
      const socket = join(dir, 'mux');
      rmSync(socket);
      const outcome = await refused(socket);
      expect(outcome.status).toBe('crit');
      expect(outcome.summary).toBe(
        `saslauthd (mech getpwent, socket ${socket}) runs (pid ${pid}) but its socket is missing: every IMAP password login on testhost fails`,
      );
      expect(outcome.hint).toBe(
        `restart saslauthd on testhost and compare its -m ${dir} with sasl_saslauthd_path in /etc/imapd.conf`,
      );
    } finally {
      stopSaslauthd();
    }
  });

  it('says the socket is not a socket when a regular file stands where it should be', async () => {
    const pid = startSaslauthd();
    try {
      const socket = join(dir, 'mux');
      rmSync(socket);
      writeFileSync(socket, '');
      const outcome = await refused(socket);
      expect(outcome.summary).toBe(
        `saslauthd (mech getpwent, socket ${socket}) runs (pid ${pid}) but its socket is not a socket: every IMAP password login on testhost fails`,
      );
    } finally {
      stopSaslauthd();
      rmSync(join(dir, 'mux'), { force: true });
    }
  });

  it('keeps the refusal when saslauthd runs and answers and nothing proves the password good', async () => {
    startSaslauthd();
    try {
      const outcome = await refused(join(dir, 'mux'));
      expect(outcome.status).toBe('crit');
      expect(outcome.summary).toMatch(/^IMAP login of test1001 at 127\.0\.0\.1:\d+ refused the credentials/);
      expect(outcome.hint).toMatch(/^imapd refused test1001's password: check the password in the config/);
    } finally {
      stopSaslauthd();
    }
  });
});
