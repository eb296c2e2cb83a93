// The last oxldapsync run of each conf in /var/log/oxldapsync.log, as far as one user is concerned: when it ran,
// whether it finished, the size limit it hit, its errors, and the lines of that run that name the user.
import { parseSyncLogLine } from '../../ox/ldapsync-log.js';

export interface UserSyncRun {
  readonly conf: string; // the conf's file name, as the log names it
  readonly startedAt: number | undefined; // epoch ms of the "start sync" line, when the log kept it
  readonly lastAt: number;
  readonly ldaptype: string | undefined; // from the start line
  readonly finished: boolean;
  readonly entries: number | undefined; // "finished: N entries from LDAP"
  readonly sizeLimitAfter: number | undefined; // "Size limit exceeded (4) after N entries"
  readonly errors: readonly string[];
  readonly userLines: readonly string[]; // the run's lines that name the user, as logged
}

const START = /^start sync of context \d+ with \S+ \(ldaptype=([^)]*)\)/;
const FINISHED = /^finished: (\d+) entries/;
const SIZE_LIMIT = /Size limit exceeded \(\d+\) after (\d+) entries/;

// login and addresses: the words that name the user in a line (whole words, case-insensitive).
export function lastRunsFor(text: string, names: readonly string[], offsetMinutes = 0): Map<string, UserSyncRun> {
  type Run = { -readonly [K in keyof UserSyncRun]: UserSyncRun[K] } & { userLines: string[]; errors: string[] };
  const byPid = new Map<string, Run>();
  const lastPidOfConf = new Map<string, string>();
  const mentions = mentionTest(names);
  for (const raw of text.split('\n')) {
    const line = parseSyncLogLine(raw, offsetMinutes);
    if (!line) continue;
    let run = byPid.get(line.pid);
    if (!run) {
      run = {
        conf: line.conf,
        startedAt: undefined,
        lastAt: line.at,
        ldaptype: undefined,
        finished: false,
        entries: undefined,
        sizeLimitAfter: undefined,
        errors: [],
        userLines: [],
      };
      byPid.set(line.pid, run);
    }
    lastPidOfConf.set(line.conf, line.pid);
    run.lastAt = line.at;
    const start = START.exec(line.text);
    if (start) {
      run.startedAt = line.at;
      run.ldaptype = start[1];
    }
    const done = FINISHED.exec(line.text);
    if (done) {
      run.finished = true;
      run.entries = Number(done[1]);
    }
    const limit = SIZE_LIMIT.exec(line.text);
    if (limit) run.sizeLimitAfter = Number(limit[1]);
    if (line.level === 'ERROR' || line.level === 'FATAL') run.errors.push(line.text);
    if (mentions(line.text)) run.userLines.push(raw.trimEnd());
  }
  return new Map([...lastPidOfConf].map(([conf, pid]) => [conf, byPid.get(pid)!]));
}

// A whole-word, case-insensitive match of any name (a login "ox1" is not named by "ox1175").
function mentionTest(names: readonly string[]): (text: string) => boolean {
  const wanted = names.map((n) => n.toLowerCase()).filter((n) => n !== '');
  const wordChar = /[A-Za-z0-9_]/;
  return (text) => {
    const lower = text.toLowerCase();
    return wanted.some((name) => {
      for (let at = lower.indexOf(name); at !== -1; at = lower.indexOf(name, at + 1)) {
        const before = at === 0 ? '' : lower[at - 1]!;
        const after = lower[at + name.length] ?? '';
        if (!wordChar.test(before) && !wordChar.test(after)) return true;
      }
      return false;
    });
  };
}
