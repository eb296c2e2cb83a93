// IMAP: the "* OK" greeting (with CAPABILITY when the server puts it there) and LOGOUT.
import { runDialogue } from './line-dialogue.js';
import { runProbe } from './session.js';
import { ProbeError, type Opener, type ProbeOptions, type ProbeResult } from './types.js';

export interface ImapInfo {
  readonly greeting: string;
  readonly preauth: boolean;
  readonly capabilities: readonly string[]; // empty when the greeting carries none
}

export function probeImap(open: Opener, options: ProbeOptions = {}): Promise<ProbeResult<ImapInfo>> {
  return runProbe(
    open,
    async ({ connect, transcript }) => {
      const conn = await connect();
      const { greeting = [] } = await runDialogue(conn, transcript, [
        {
          name: 'greeting',
          expect: /^\* (OK|PREAUTH|BYE)\b/i,
          describe: 'an IMAP "* OK" greeting',
          failure: 'bad-greeting',
        },
      ]);
      const line = greeting[0] ?? '';
      if (/^\* BYE/i.test(line)) throw new ProbeError('rejected', `server refused the session: ${line}`);
      await runDialogue(conn, transcript, [
        { send: 'A1 LOGOUT' },
        { name: 'logout', expect: /^A1 OK/i, until: /^A1 /i, describe: 'A1 OK to LOGOUT', optional: true },
      ]);
      const caps = /\[CAPABILITY ([^\]]*)\]/i.exec(line)?.[1];
      return {
        greeting: line,
        preauth: /^\* PREAUTH/i.test(line),
        capabilities: caps ? caps.trim().split(/\s+/) : [],
      };
    },
    options,
  );
}
