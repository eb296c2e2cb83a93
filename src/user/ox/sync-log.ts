// Reads the host's /var/log/oxldapsync.log (its tail) and clock, and gives the last run of each conf as one user
// sees it. Nothing the user typed reaches the host: the lines are matched here.
import type { CheckContext } from '../../core/check.js';
import { maskAndRegister } from '../../facts/mask-secrets.js';
import { lastRunsFor, type UserSyncRun } from './sync-runs.js';

export const SYNC_LOG = '/var/log/oxldapsync.log';
const TAIL_BYTES = 1024 * 1024;

export interface UserSyncLog {
  readonly runs: ReadonlyMap<string, UserSyncRun>; // by conf file name
  readonly hostNow: number; // epoch ms, the host's clock
  readonly offsetMinutes: number; // the host's UTC offset
}

// null when the host has no sync log; undefined runs when its clock could not be read.
export async function readUserSyncLog(ctx: CheckContext, names: readonly string[]): Promise<UserSyncLog | null> {
  const [file, clock] = await Promise.all([
    ctx.transport.readFile(SYNC_LOG, { maxBytes: TAIL_BYTES, tail: true, signal: ctx.signal }),
    ctx.exec(['date', '+%s %z']),
  ]);
  if (!file) {
    ctx.record(`read ${SYNC_LOG}`, '(no such file)');
    return null;
  }
  const m = /^(\d+) ([+-])(\d\d)(\d\d)/.exec(clock.stdout.trim());
  const hostNow = m ? Number(m[1]) * 1000 : Date.now();
  const offsetMinutes = m ? (m[2] === '-' ? -1 : 1) * (Number(m[3]) * 60 + Number(m[4])) : 0;
  const text = file.data.toString('utf8');
  const runs = lastRunsFor(text, names, offsetMinutes);
  // A log may quote a command line with -P or a bind password: masked like a config file of unknown format.
  const shown = [...runs.values()].flatMap((r) => r.userLines);
  ctx.record(
    `read ${SYNC_LOG} (last ${Math.round(file.data.length / 1024)} KiB)`,
    maskAndRegister(
      SYNC_LOG,
      [...text.split('\n').slice(-8), ...(shown.length ? ['lines naming the user:', ...shown] : [])].join('\n'),
    ),
  );
  return { runs, hostNow, offsetMinutes };
}

export function ageText(ms: number): string {
  const minutes = Math.max(0, ms) / 60_000;
  if (minutes < 1) return 'under a minute';
  if (minutes < 60) return `${Math.round(minutes)} min`;
  const hours = minutes / 60;
  return hours < 48 ? `${hours.toFixed(1)} h` : `${Math.round(hours / 24)} days`;
}
