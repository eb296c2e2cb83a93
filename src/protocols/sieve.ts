// ManageSieve (RFC 5804): capability lines ("NAME" "value") until OK, then LOGOUT.
import { runDialogue } from './line-dialogue.js';
import { runProbe } from './session.js';
import { ProbeError, type Opener, type ProbeOptions, type ProbeResult } from './types.js';

export interface SieveInfo {
  readonly implementation: string; // value of IMPLEMENTATION, '' when absent
  readonly capabilities: Readonly<Record<string, string>>; // upper-case name -> value ('' for flags like STARTTLS)
  readonly okLine: string;
}

export function probeSieve(open: Opener, options: ProbeOptions = {}): Promise<ProbeResult<SieveInfo>> {
  return runProbe(
    open,
    async ({ connect, transcript }) => {
      const conn = await connect();
      const { greeting = [] } = await runDialogue(conn, transcript, [
        // Capability lines start with a quoted string; the first line that does not ends the greeting.
        {
          name: 'greeting',
          expect: /^(OK|NO|BYE)\b/i,
          until: /^(?!")/,
          describe: 'ManageSieve capabilities and OK',
          failure: 'bad-greeting',
        },
      ]);
      const last = greeting[greeting.length - 1] ?? '';
      if (!/^OK\b/i.test(last)) throw new ProbeError('rejected', `server refused the session: ${last}`);
      const capabilities = parseCapabilities(greeting.slice(0, -1));
      await runDialogue(conn, transcript, [
        { send: 'LOGOUT' },
        { name: 'logout', expect: /^OK\b/i, until: /^(OK|NO|BYE)\b/i, describe: 'OK to LOGOUT', optional: true },
      ]);
      return { implementation: capabilities.IMPLEMENTATION ?? '', capabilities, okLine: last };
    },
    options,
  );
}

export function parseCapabilities(lines: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of lines) {
    const m = /^"([^"]*)"(?:\s+"((?:[^"\\]|\\.)*)")?/.exec(line);
    if (m?.[1] !== undefined) out[m[1].toUpperCase()] = m[2] ?? '';
  }
  return out;
}
