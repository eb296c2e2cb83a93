// SMTP and LMTP: greeting (multi-line 220- allowed), EHLO/LHLO with capabilities, QUIT.
import { runDialogue } from './line-dialogue.js';
import { runProbe } from './session.js';
import { ProbeError, type Opener, type ProbeOptions, type ProbeResult } from './types.js';

export interface SmtpInfo {
  readonly greeting: readonly string[];
  readonly greetingHost: string; // first word after 220, the name the server calls itself
  readonly heloHost: string; // first word of the EHLO/LHLO answer
  readonly capabilities: readonly string[]; // e.g. PIPELINING, SIZE 10240000, STARTTLS
}

export interface SmtpProbeOptions extends ProbeOptions {
  readonly lmtp?: boolean;
  readonly heloName?: string; // the name we introduce ourselves with
}

const REPLY_END = /^(?!\d{3}-)/; // a reply ends at the first line that is not "NNN-..."

export function probeSmtp(open: Opener, options: SmtpProbeOptions = {}): Promise<ProbeResult<SmtpInfo>> {
  const hello = options.lmtp ? 'LHLO' : 'EHLO';
  return runProbe(
    open,
    async ({ connect, transcript }) => {
      const conn = await connect();
      const { greeting = [] } = await runDialogue(conn, transcript, [
        {
          name: 'greeting',
          expect: /^\d{3}( |$)/,
          until: REPLY_END,
          describe: 'a 220 greeting',
          failure: 'bad-greeting',
        },
      ]);
      const last = greeting[greeting.length - 1] ?? '';
      if (/^[45]\d\d/.test(last)) throw new ProbeError('rejected', `server refused the session: ${last}`);
      if (!last.startsWith('220'))
        throw new ProbeError('bad-greeting', `expected a 220 greeting, got ${JSON.stringify(last)}`);
      const { ehlo = [] } = await runDialogue(conn, transcript, [
        { send: hello, args: [options.heloName ?? 'oxdoctor.invalid'] },
        { name: 'ehlo', expect: /^250( |$)/, until: REPLY_END, describe: `a 250 answer to ${hello}` },
        { send: 'QUIT' },
        { name: 'quit', expect: /^221/, until: REPLY_END, describe: 'a 221 answer to QUIT', optional: true },
      ]);
      return {
        greeting,
        greetingHost: firstWord(greeting[0] ?? ''),
        heloHost: firstWord(ehlo[0] ?? ''),
        capabilities: ehlo.slice(1).map((l) => l.slice(4).trim()),
      };
    },
    options,
  );
}

function firstWord(replyLine: string): string {
  return replyLine.slice(4).trim().split(/\s+/)[0] ?? '';
}
