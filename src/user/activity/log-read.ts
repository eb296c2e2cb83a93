// The user's lines of a host's live logs: the sources discovered once per host and sweep, the window's files
// searched on the host with grep -F for the login and the local parts of the addresses (fixed strings on stdin,
// never argv or a pattern), each found line parsed and kept when it is one of the user's events.
import type { CheckContext } from '../../core/check.js';
import { messageOf } from '../../core/errors.js';
import { factKey, memo } from '../../facts/context.js';
import { discoverSources, type HostLogs } from '../../logs/discover.js';
import { listFiles } from '../../logs/files.js';
import { parseLogLine } from '../../logs/parse-line.js';
import { searchFiles } from '../../logs/search.js';
import type { UserTarget } from '../target.js';
import { activitySources, describeWindow, logWindow, type LogWindow } from './log-window.js';
import { addressOwner } from './user-address.js';
import { userEvent, type UserEvent } from './user-events.js';

const HOST_LOGS = factKey<HostLogs>('log sources');

export interface UserLogRead {
  readonly window: LogWindow;
  readonly events: readonly UserEvent[]; // oldest first
  readonly linesRead: number; // candidate lines grep passed on
  readonly problems: readonly string[]; // files that could not be read
  readonly ownLeftOut?: number; // logins and failed logins during this sweep, left out (own-sweep.ts)
}

export async function readUserLogs(ctx: CheckContext, target: UserTarget): Promise<UserLogRead> {
  const { transport, signal } = ctx;
  const logs = await memo(ctx, HOST_LOGS, () => discoverSources(transport, ctx.host.name, signal));
  const window = logWindow(await listFiles(transport, activitySources(logs.sources), signal));
  const fixed = fixedStrings(target);
  const owns = addressOwner(target);
  const events: UserEvent[] = [];
  const problems: string[] = [];
  const sample: string[] = [];
  let linesRead = 0;
  const options = { fixed, offsets: true, startAt: window.startAt, signal };
  // no fixed string (a login of control characters only): nothing to look for, and no search of every line
  const files = fixed.length === 0 ? [] : window.files;
  for await (const found of searchFiles(transport, files, {
    ...options,
    onError: (err) => problems.push(messageOf(err)),
  })) {
    for (const f of found) {
      linesRead++;
      // read from the middle of a file: its first line may be a line's tail
      if (f.offset !== undefined && f.offset === window.startAt.get(f.path)) continue;
      const line = parseLogLine(f.text, {
        host: ctx.host.name,
        source: f.source.source,
        kind: f.source.kind,
        fileMtimeMs: f.fileMtimeMs,
        utcOffsetMinutes: logs.utcOffsetMinutes,
      });
      const event = userEvent(line, target.login, owns);
      if (!event) continue;
      events.push(event);
      if (sample.length >= 40) sample.shift();
      sample.push(f.text);
    }
  }
  ctx.record(
    `$ grep -F -f - (${fixed.length} fixed strings of ${target.login} on stdin) ${describeWindow(window)}`,
    `${linesRead} candidate lines, ${events.length} of the user's events; the last ones:\n${sample.join('\n')}`,
  );
  return { window, events: events.sort((a, b) => a.time - b.time), linesRead, problems };
}

// The login and each address' local part: every line about the user holds one ("user.test1001", "user=test1001",
// "<test1001@", "(test1001)"); lower case too, as postfix logs addresses as written.
export function fixedStrings(target: Pick<UserTarget, 'login' | 'addresses'>): string[] {
  const locals = target.addresses.map((a) => a.slice(0, a.lastIndexOf('@'))).filter((l) => l !== '');
  const all = [target.login, target.login.toLowerCase(), ...locals].filter((s) => s !== '' && !/[\n\r\0]/.test(s));
  const unique = [...new Set(all)].sort((a, b) => a.length - b.length);
  return unique.filter((l, i) => !unique.slice(0, i).some((shorter) => l.includes(shorter)));
}
