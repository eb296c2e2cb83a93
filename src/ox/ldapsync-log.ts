// /var/log/oxldapsync.log: "YYYY-MM-DD HH:MM:SS oxldapsync[PID]: CONF: LEVEL: text" lines. A run starts with
// "start sync" and ends with "finished: N entries from LDAP, ..."; one log holds runs of several conf files.

export interface SyncLogLine {
  readonly at: number; // epoch ms, host local time read as UTC unless tz is given
  readonly pid: string;
  readonly conf: string;
  readonly level: string;
  readonly text: string;
}

export interface SyncRun {
  readonly conf: string;
  readonly lastAt: number;
  readonly finished: boolean;
  readonly entries: number | null;
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
}

const LINE = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d) oxldapsync\[(\d+)\]: ([^:]+): ([A-Z]+): (.*)$/;

export function parseSyncLogLine(line: string, offsetMinutes = 0): SyncLogLine | null {
  const m = LINE.exec(line);
  if (!m) return null;
  const at = Date.parse(`${m[1]}T${m[2]}Z`) - offsetMinutes * 60_000;
  return { at, pid: m[3]!, conf: m[4]!, level: m[5]!, text: m[6]! };
}

// The last run of each conf file in the log (by pid, in log order).
export function lastRuns(text: string, offsetMinutes = 0): SyncRun[] {
  const byPid = new Map<
    string,
    { conf: string; lastAt: number; finished: boolean; entries: number | null; errors: string[]; warnings: string[] }
  >();
  const lastPidOfConf = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = parseSyncLogLine(raw, offsetMinutes);
    if (!line) continue;
    let run = byPid.get(line.pid);
    if (!run) {
      run = { conf: line.conf, lastAt: line.at, finished: false, entries: null, errors: [], warnings: [] };
      byPid.set(line.pid, run);
    }
    lastPidOfConf.set(line.conf, line.pid);
    run.lastAt = line.at;
    const done = /^finished: (\d+) entries/.exec(line.text);
    if (done) {
      run.finished = true;
      run.entries = Number(done[1]);
    }
    if (line.level === 'ERROR' || line.level === 'FATAL') run.errors.push(line.text);
    else if (line.level === 'WARN' && !done) run.warnings.push(line.text);
  }
  return [...lastPidOfConf.values()].map((pid) => byPid.get(pid)!);
}
