// What OX's own log records about one user: the admin daemon's "User N (login) created in context C" and
// "... deleted from context C" records (open-xchange.log.0), each with its time, so a user missing from OX can be
// told apart: deleted through OX (the sync, deleteuser) or gone without a record. The login goes to grep as a
// fixed string on stdin, never into argv or a pattern.
import type { CheckContext } from '../../core/check.js';
import { isOxRecordStart } from '../../logs/ox-record.js';
import { parseOxRecord } from '../../logs/ox.js';

export const OX_LOG = '/var/log/open-xchange/open-xchange.log.0';
const MAX_LINES = 80; // the newest records are what counts

export interface UserRecordEvent {
  readonly at: number | undefined; // epoch ms
  readonly action: 'created' | 'deleted' | 'changed';
  readonly id: string; // the OX user id
  readonly line: string;
}

// grep -B1: each matching message line with the record header before it.
const SCRIPT = `LC_ALL=C; export LC_ALL
[ -r "$1" ] || exit 3
exec 3<&0 </dev/null
grep -a -F -B1 -f /dev/fd/3 -- "$1" | tail -n ${MAX_LINES}`;

// null when the log is not there or the login cannot be searched; [] when no record names the user.
export async function userRecordEvents(
  ctx: CheckContext,
  login: string,
  offsetMinutes: number,
): Promise<UserRecordEvent[] | null> {
  if (/[\r\n\0]/.test(login) || login === '') return null;
  const r = await ctx.exec(['sh', '-c', SCRIPT, 'sh', OX_LOG], { stdin: `(${login})\n`, signal: ctx.signal });
  if (r.code === 3) return null;
  return parseUserRecordEvents(r.stdout, login, offsetMinutes);
}

const EVENT = /^User (\d+) \((.*)\) (created|deleted|changed)\b/;

// Pure: the grep -B1 output (headers, message lines, "--" separators) to the user's events, oldest first.
export function parseUserRecordEvents(text: string, login: string, offsetMinutes = 0): UserRecordEvent[] {
  const out: UserRecordEvent[] = [];
  let header: string | undefined;
  for (const line of text.split('\n')) {
    if (isOxRecordStart(line)) {
      header = line;
      continue;
    }
    const m = EVENT.exec(line);
    if (m && m[2]!.toLowerCase() === login.toLowerCase()) {
      const at = header ? parseOxRecord([header, line], offsetMinutes)?.time : undefined;
      out.push({ at, action: m[3] as UserRecordEvent['action'], id: m[1]!, line });
    }
    if (line === '--') header = undefined;
  }
  return out;
}
