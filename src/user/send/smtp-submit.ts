// One message into an SMTP listener: EHLO, STARTTLS when offered and a password is to be sent, AUTH PLAIN
// (the password masked in the transcript and refused over an untrusted channel when the config says so),
// MAIL, RCPT, DATA, and the queue id from the 250 reply. The dialogue runs over the project's probe session.
import type { Secret } from '../../core/redact.js';
import { runDialogue, type DialogueStep } from '../../protocols/line-dialogue.js';
import { runProbe, type Connection } from '../../protocols/session.js';
import { describeTls, startTls, type TlsSeen } from '../../protocols/tls.js';
import { ProbeError, type Opener, type ProbeOptions, type ProbeResult } from '../../protocols/types.js';
import type { TestMessage } from './message.js';

export interface SubmitOptions extends ProbeOptions {
  readonly helo: string;
  readonly auth?: { readonly login: string; readonly password: Secret };
  readonly tlsName?: string;
  readonly passwordTrust?: { readonly requireTrusted: boolean; readonly fingerprints: readonly string[] };
}

export interface Submitted {
  readonly reply: string; // the final 250 line
  readonly queueId?: string;
  readonly tls?: TlsSeen;
}

const REPLY_END = /^(?!\d{3}-)/;
const reply = (name: string, code: RegExp, describe: string): DialogueStep => ({
  name,
  expect: code,
  until: REPLY_END,
  describe,
  failure: 'rejected',
});

export function submitMessage(
  open: Opener,
  message: TestMessage,
  options: SubmitOptions,
): Promise<ProbeResult<Submitted>> {
  return runProbe(
    open,
    async ({ connect, upgrade, transcript }) => {
      let conn = await connect();
      await runDialogue(conn, transcript, [reply('greeting', /^220 /, 'a 220 greeting')]);
      let caps = await ehlo(conn, transcript, options.helo);
      let tls: TlsSeen | undefined;
      if (options.auth && caps.includes('STARTTLS')) {
        await runDialogue(conn, transcript, [{ send: 'STARTTLS' }, reply('starttls', /^220 /, 'a 220 to STARTTLS')]);
        const seen: TlsSeen = {};
        conn = await upgrade(conn, (raw, signal) => startTls(raw, options.tlsName ?? 'localhost', signal, seen));
        seen.pinned = (options.passwordTrust?.fingerprints ?? []).includes(seen.fingerprint256?.toUpperCase() ?? '');
        transcript.note(`TLS: ${describeTls(seen)}`);
        tls = seen;
        caps = await ehlo(conn, transcript, options.helo);
      }
      if (options.auth) {
        if (options.passwordTrust?.requireTrusted && !(tls?.authorized || tls?.pinned))
          throw new ProbeError(
            'untrusted',
            'no trusted TLS and the config sets tls.requireTrusted: the password was not sent',
          );
        if (!caps.some((c) => /^AUTH[ =].*\bPLAIN\b/i.test(c)))
          throw new ProbeError('rejected', 'the server offers no AUTH PLAIN: the user could not log in to send');
        const { login, password } = options.auth;
        const token = Buffer.from(`\0${login}\0${password.reveal()}`, 'utf8').toString('base64');
        await runDialogue(conn, transcript, [
          { send: 'AUTH', args: ['PLAIN', token], secret: true },
          { ...reply('auth', /^235 /, 'a 235 to AUTH PLAIN'), failure: 'auth' },
        ]);
      }
      const envelope: DialogueStep[] = [
        { send: 'MAIL', args: [`FROM:<${message.from}>`] },
        reply('mail', /^250 /, 'a 250 to MAIL FROM'),
        ...message.to.flatMap((to): DialogueStep[] => [
          { send: 'RCPT', args: [`TO:<${to}>`] },
          reply('rcpt', /^25[01] /, `a 250 to RCPT TO:<${to}>`),
        ]),
        { send: 'DATA' },
        reply('data', /^354 /, 'a 354 to DATA'),
      ];
      await runDialogue(conn, transcript, envelope);
      const body = message.text.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..');
      await conn.write(
        `${body.endsWith('\r\n') ? body : `${body}\r\n`}.\r\n`,
        `(${message.text.length} bytes of message, .)`,
      );
      const done = await runDialogue(conn, transcript, [
        reply('queued', /^250 /, 'a 250 after the message'),
        { send: 'QUIT' },
        { name: 'quit', expect: /^221/, until: REPLY_END, describe: 'a 221 to QUIT', optional: true },
      ]);
      const last = done.queued?.at(-1) ?? '';
      const queueId = /queued as ([0-9A-Za-z]+)/.exec(last)?.[1];
      return { reply: last, ...(queueId ? { queueId } : {}), ...(tls ? { tls } : {}) };
    },
    options,
  );
}

async function ehlo(conn: Connection, transcript: Parameters<typeof runDialogue>[1], helo: string): Promise<string[]> {
  const { ehlo: lines = [] } = await runDialogue(conn, transcript, [
    { send: 'EHLO', args: [helo] },
    reply('ehlo', /^250 /, 'a 250 to EHLO'),
  ]);
  return lines.slice(1).map((l) => l.slice(4).trim().toUpperCase());
}
