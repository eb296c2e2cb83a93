// Crontab files: system ones (/etc/crontab, /etc/cron.d/*: a user field before the command) and
// per-user ones (/var/spool/cron/USER, /var/spool/cron/crontabs/USER: no user field).
import { parseSchedule, type Schedule } from './schedule.js';

export interface CronEntry {
  readonly file: string;
  readonly line: number; // 1-based
  readonly text: string; // the line as written, trimmed
  readonly schedule: Schedule;
  readonly user: string;
  readonly command: string;
  readonly commented: boolean; // "#*/5 * * * * root ...": a job someone switched off
}

// Per-user crontabs name their user by file name; everything under /etc has a user field.
export function isUserCrontab(path: string): boolean {
  return path.startsWith('/var/spool/cron/');
}

export function parseCrontab(path: string, text: string): CronEntry[] {
  const userFile = isUserCrontab(path);
  const fileUser = path.slice(path.lastIndexOf('/') + 1);
  const out: CronEntry[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const trimmed = raw.trim();
    const commented = trimmed.startsWith('#');
    const body = trimmed.replace(/^#+\s*/, '');
    if (body === '' || /^[A-Za-z_][A-Za-z0-9_]*\s*=/.test(body)) return; // blank or VAR=value
    const entry = parseLine(body, userFile ? fileUser : undefined);
    if (entry) out.push({ file: path, line: i + 1, text: trimmed, commented, ...entry });
  });
  return out;
}

function parseLine(
  body: string,
  fileUser: string | undefined,
): Pick<CronEntry, 'schedule' | 'user' | 'command'> | undefined {
  const words = body.split(/\s+/);
  const nick = words[0]?.startsWith('@');
  const timeWords = nick ? 1 : 5;
  const schedule = parseSchedule(words.slice(0, timeWords).join(' '));
  if (!schedule) return undefined;
  const rest = words.slice(timeWords);
  const user = fileUser ?? rest.shift();
  const command = rest.join(' ');
  if (!user || command === '') return undefined;
  return { schedule, user, command };
}

// True when some word of the command is the program `name` ("/opt/open-xchange/sbin/setpostacl > /dev/null",
// "cd /tmp && /bin/purgit", "flock -n /run/x oxsync").
export function runsProgram(command: string, name: string): boolean {
  return command.split(/[\s;&|()]+/).some(
    (w) =>
      w
        .replace(/^['"]|['"]$/g, '')
        .split('/')
        .pop() === name,
  );
}
