// The remote command line. Every command runs under a small POSIX sh prologue that
// 1. reports its process id (the session's process group) on stderr, so a timeout can kill the group
//    (sshd refuses "signal" requests for root sessions and old servers do not know them), and
// 2. when env is given, reads "NAME=value" lines from stdin up to an empty line and exports them:
//    values must not go on the command line (visible in ps) and sshd usually refuses setenv.
// sh's `read` takes one byte at a time from a pipe, so the rest of stdin reaches the command intact.
// Only POSIX sh: this must run under bash 3 and old /bin/sh (RHEL5).
import { quoteArgv } from '../quote.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const PID_MARKER = 'oxdoctor-pid ';

const REPORT_PID = `echo "${PID_MARKER}$$" >&2`;

// One line, like every script here: a csh login shell cannot pass a newline inside single quotes.
const READ_ENV = [
  'while IFS= read -r __oxd_l && [ -n "$__oxd_l" ]; do __oxd_n=${__oxd_l%%=*}',
  '__oxd_v=${__oxd_l#*=}',
  'eval "$__oxd_n=\\$__oxd_v; export $__oxd_n"',
  'done',
  'unset __oxd_l __oxd_n __oxd_v',
].join('; ');

export function checkEnv(env: Readonly<Record<string, string>>): void {
  for (const [name, value] of Object.entries(env)) {
    if (!NAME.test(name) || name.startsWith('__oxd_')) {
      throw new TypeError(`environment name ${JSON.stringify(name)} is not a valid shell variable name`);
    }
    if (value.includes('\n') || value.includes('\0')) {
      throw new TypeError(`environment value of ${name} contains a newline or NUL byte, which cannot be passed`);
    }
  }
}

// The remote command line and the bytes to send before the caller's stdin.
export function remoteCommand(
  argv: readonly string[],
  env: Readonly<Record<string, string>> | undefined,
): { command: string; prefix: Buffer } {
  if (argv.length === 0) throw new TypeError('empty argv');
  const entries = Object.entries(env ?? {});
  checkEnv(env ?? {});
  const script = [REPORT_PID, ...(entries.length > 0 ? [READ_ENV] : []), 'exec "$@"'].join('; ');
  const lines = entries.length > 0 ? entries.map(([k, v]) => `${k}=${v}\n`).join('') + '\n' : '';
  return { command: quoteArgv(['sh', '-c', script, 'sh', ...argv]), prefix: Buffer.from(lines, 'utf8') };
}

// The kill a timeout sends on a second channel: the whole process group, else the process.
export function killCommand(pid: number): string {
  // dash (Debian's sh) refuses `kill -KILL -- -PGID` ("Illegal number"), and the command's group then
  // outlived it; `kill -KILL -PGID` works in dash, bash 3 and POSIX sh, `--` is only the fallback.
  return quoteArgv([
    'sh',
    '-c',
    'kill -KILL "-$1" 2>/dev/null || kill -KILL -- "-$1" 2>/dev/null || kill -KILL "$1"',
    'sh',
    String(pid),
  ]);
}
