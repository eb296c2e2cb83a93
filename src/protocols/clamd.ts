// clamd: zPING -> PONG, and zVERSION -> engine version, signature version and date.
// clamd closes the connection after each answer, so each command gets its own connection.
import { runDialogue } from './line-dialogue.js';
import { runProbe } from './session.js';
import { ProbeError, type Opener, type ProbeOptions, type ProbeResult } from './types.js';

export interface ClamdInfo {
  readonly version: string; // "ClamAV 1.4.6"
  readonly signatureVersion: number | null; // daily database version, null when not reported
  readonly signatureDate: Date | null; // as clamd prints it (its local time, read as UTC)
}

const NUL = { terminator: '\0', lineEnding: '\0' } as const;

export function probeClamd(open: Opener, options: ProbeOptions = {}): Promise<ProbeResult<ClamdInfo>> {
  return runProbe(
    open,
    async ({ connect, transcript }) => {
      const ping = await connect();
      await runDialogue(
        ping,
        transcript,
        [{ send: 'zPING' }, { name: 'pong', expect: /^PONG$/, describe: 'PONG', failure: 'bad-greeting' }],
        NUL,
      );
      ping.stream.destroy();
      const version = await connect();
      const { version: lines = [] } = await runDialogue(
        version,
        transcript,
        [{ send: 'zVERSION' }, { name: 'version', expect: /^ClamAV /, describe: 'a ClamAV version line' }],
        NUL,
      );
      const parsed = parseClamdVersion(lines[0] ?? '');
      if (!parsed) throw new ProbeError('protocol-error', `cannot read the version line ${JSON.stringify(lines[0])}`);
      return parsed;
    },
    options,
  );
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

// "ClamAV 1.4.6/27469/Mon Nov 24 09:31:10 2026", or just "ClamAV 1.4.6" without a daily database.
export function parseClamdVersion(line: string): ClamdInfo | null {
  const m = /^(ClamAV [^/]+)(?:\/(\d+)(?:\/(.*))?)?$/.exec(line.trim());
  if (!m?.[1]) return null;
  const d = /^\w{3} (\w{3}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/.exec(m[3]?.trim() ?? '');
  const month = d ? MONTHS.indexOf(d[1] ?? '') : -1;
  const date = d && month >= 0 ? new Date(Date.UTC(+d[6]!, month, +d[2]!, +d[3]!, +d[4]!, +d[5]!)) : null;
  return { version: m[1], signatureVersion: m[2] ? Number(m[2]) : null, signatureDate: date };
}
