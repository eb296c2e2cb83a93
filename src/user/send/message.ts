// The marked test message: a header naming oxdoctor and the user, a unique Message-ID, a subject that says to
// delete it. Nothing from user input reaches an SMTP line or a header unless it is a plain address or login.
import { randomBytes } from 'node:crypto';

export const TEST_HEADER = 'X-Oxdoctor-Test';

export interface TestMessage {
  readonly messageId: string; // without <>
  readonly from: string; // envelope sender; '' is the null sender
  readonly to: readonly string[];
  readonly text: string; // header and body, LF line ends (the submitter makes them CRLF)
}

export interface MessageInput {
  readonly via: 'relay' | 'user';
  readonly login: string;
  readonly from: string;
  readonly fromHeader: string;
  readonly to: string;
  readonly now?: Date;
}

// An address fit for MAIL FROM/RCPT TO and a header: no CR, LF, NUL, space, angle bracket or non-ASCII.
const ADDRESS = /^[\x21-\x7e]+@[\x21-\x7e]+$/;
const UNSAFE = /[\s<>"\\()[\],;:]/;

export function isSafeAddress(address: string): boolean {
  return ADDRESS.test(address) && !UNSAFE.test(address) && address.length <= 254;
}

export function isSafeLogin(login: string): boolean {
  return /^[\x21-\x7e]{1,256}$/.test(login) && !UNSAFE.test(login);
}

// User input in a message: escaped (CR, LF shown as \r, \n) and cut, so a 10,000-character login stays one line.
const shown = (v: string): string => JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}...` : v);

// Refuses (throws TypeError) what would smuggle a line or a second command into the dialogue.
export function testMessage(input: MessageInput): TestMessage {
  for (const a of [input.to, input.fromHeader, ...(input.from === '' ? [] : [input.from])])
    if (!isSafeAddress(a)) throw new TypeError(`refusing to send to or from ${shown(a)}: not a plain address`);
  if (!isSafeLogin(input.login)) throw new TypeError(`refusing to name ${shown(input.login)} in a header`);
  const id = `${Date.now().toString(36)}.${randomBytes(6).toString('hex')}`;
  const messageId = `oxdoctor-${input.via}-${id}@oxdoctor.invalid`;
  const date = (input.now ?? new Date()).toUTCString().replace(/GMT$/, '+0000');
  const how =
    input.via === 'relay'
      ? "handed to the relay's port 25 as Exchange would"
      : "sent as the user on server A's port 25 (SMTP AUTH)";
  const text = [
    `From: oxdoctor test <${input.fromHeader}>`,
    `To: <${input.to}>`,
    `Subject: oxdoctor test message for ${input.login} (${input.via}): safe to delete`,
    `Date: ${date}`,
    `Message-ID: <${messageId}>`,
    `${TEST_HEADER}: user ${input.login} ${id}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    `A test message of oxdoctor user --send, ${how}.`,
    'oxdoctor deletes it once it has seen every copy (unless --keep was given).',
    '',
  ].join('\n');
  return { messageId, from: input.from, to: [input.to], text };
}
