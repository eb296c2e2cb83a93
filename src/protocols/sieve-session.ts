// An authenticated ManageSieve (RFC 5804) session: capabilities, AUTHENTICATE "PLAIN" (with an authzid for an
// admin's proxy login), LISTSCRIPTS.
import { parseCapabilities } from './sieve.js';
import type { Connection } from './session.js';
import { runProbe } from './session.js';
import type { Transcript } from './transcript.js';
import { imapTokens } from './imap-tokens.js';
import type { ImapCredentials } from './imap-session.js';
import { ProbeError, type Opener, type ProbeOptions, type ProbeResult } from './types.js';

export interface SieveScript {
  readonly name: string;
  readonly active: boolean;
}

export interface SieveListing {
  readonly implementation: string;
  readonly loginMs: number;
  readonly scripts: readonly SieveScript[];
}

export function listSieveScripts(
  open: Opener,
  { login, password, authzid }: ImapCredentials,
  options: ProbeOptions = {},
): Promise<ProbeResult<SieveListing>> {
  if (/[\r\n\0]/.test(login)) throw new TypeError('sieve login name contains CR, LF or NUL');
  if (authzid !== undefined && /[\r\n\0]/.test(authzid))
    throw new TypeError('sieve authorization name contains CR, LF or NUL');
  return runProbe(
    open,
    async ({ connect, transcript }) => {
      const conn = await connect();
      const greeting = await readResponse(conn, transcript, 'ManageSieve capabilities and OK');
      if (greeting.status !== 'OK')
        throw new ProbeError(
          greeting.status === 'BYE' ? 'rejected' : 'bad-greeting',
          `server refused the session: ${greeting.text}`,
        );
      const caps = parseCapabilities(greeting.lines);
      if (!/\bPLAIN\b/i.test(caps.SASL ?? ''))
        throw new ProbeError('rejected', `timsieved offers no SASL PLAIN (SASL "${caps.SASL ?? ''}")`);
      const started = performance.now();
      // With an authzid: an admin's proxy login, listing that user's scripts (timsieved allows it for its admins).
      const response = Buffer.from(`${authzid ?? ''}\0${login}\0${password.reveal()}`, 'utf8').toString('base64');
      await conn.write(`AUTHENTICATE "PLAIN" "${response}"\r\n`, 'AUTHENTICATE "PLAIN" ********');
      const auth = await readResponse(conn, transcript, 'OK to AUTHENTICATE');
      const loginMs = Math.round(performance.now() - started);
      if (auth.status !== 'OK')
        throw new ProbeError(
          'auth',
          `PLAIN login of ${authzid === undefined ? login : `${login} as ${authzid}`} refused: ${auth.status} ${auth.text}`,
        );
      await conn.write('LISTSCRIPTS\r\n', 'LISTSCRIPTS');
      const list = await readResponse(conn, transcript, 'the script list and OK');
      if (list.status !== 'OK')
        throw new ProbeError('protocol-error', `LISTSCRIPTS failed: ${list.status} ${list.text}`);
      await conn.write('LOGOUT\r\n', 'LOGOUT');
      await readResponse(conn, transcript, 'OK to LOGOUT').catch(() => undefined);
      return { implementation: caps.IMPLEMENTATION ?? '', loginMs, scripts: list.lines.map(scriptOf) };
    },
    options,
  );
}

function scriptOf(line: string): SieveScript {
  const [name = '', flag = ''] = imapTokens(line);
  return { name, active: flag.toUpperCase() === 'ACTIVE' };
}

// Data lines (literals kept inline) up to the OK/NO/BYE line that ends a response.
async function readResponse(conn: Connection, transcript: Transcript, waitingFor: string) {
  const lines: string[] = [];
  for (;;) {
    let line = await conn.reader.line('\n', waitingFor);
    for (let m = /\{(\d+)\+?\}$/.exec(line); m; m = /\{(\d+)\+?\}$/.exec(line)) {
      const bytes = await conn.reader.bytes(Number(m[1]), 'a ManageSieve literal');
      line += `\r\n${bytes.toString('utf8')}${await conn.reader.line('\n', waitingFor)}`;
    }
    transcript.server(line);
    const end = /^(OK|NO|BYE)\b ?(.*)$/i.exec(line);
    if (end) return { lines, status: end[1]!.toUpperCase() as 'OK' | 'NO' | 'BYE', text: end[2] ?? '' };
    lines.push(line);
  }
}
