// The option values of `oxdoctor logs` and `oxdoctor trace`, checked as they arrive: each names what it expected
// and what arrived. Hostile values never reach a shell (the hosts get literals on stdin), but a value that cannot
// be what it claims (a queue id with a quote, an address with a newline) is refused here, before any host is asked.
import { InvalidArgumentError } from 'commander';
import { parseTimeSpec } from '../logs/time-spec.js';

// Postfix queue ids: short hex (2.3) or long base-52 with a 'z' separator (enable_long_queue_ids).
const QUEUE_ID = /^[0-9A-Za-z]{5,32}$/;
// A login or an address: no control characters, no leading '-', no characters postfix never logs in one.
const USER = /^[^\s<>"'`$\\;|&(){}*-][^\u0000-\u001f<>"'`$\\;|&(){}*]*$/;

export function queueIdValue(value: string, previous: string[] = []): string[] {
  const ids = value.split(',').map((v) => v.trim());
  for (const id of ids) {
    if (!QUEUE_ID.test(id)) {
      throw new InvalidArgumentError(`expected a postfix queue id (5 to 32 letters and digits), got ${show(id)}`);
    }
  }
  return [...previous, ...ids];
}

export function userValue(value: string): string {
  const v = value.trim();
  if (!USER.test(v) || v.length > 256 || (v.includes(' ') && !/^[^ @]+\+[^@]+@[^ @]+$/.test(v))) {
    throw new InvalidArgumentError(`expected a login or an address (test1001, test1001@example.com), got ${show(v)}`);
  }
  return v;
}

export function grepValue(value: string): RegExp {
  if (value === '') throw new InvalidArgumentError("expected a regular expression, got ''");
  if (/[\r\n]/.test(value))
    throw new InvalidArgumentError('expected a regular expression on one line (a line never holds a newline)');
  try {
    return new RegExp(value);
  } catch (err) {
    throw new InvalidArgumentError(`expected a JavaScript regular expression: ${(err as Error).message}`);
  }
}

export function timeValue(what: string): (value: string) => string {
  return (value) => {
    if (parseTimeSpec(value, Date.now()) === undefined) {
      throw new InvalidArgumentError(
        `expected ${what} as an age (90s, 30m, 2h, 2d, 1w) or a date (2026-12-07, '2026-12-07 03:15', 03:15), got ${show(value)}`,
      );
    }
    return value;
  };
}

// What a trace starts from: a queue id, a Message-ID (in <>, or with --message-id) or an address.
export type TraceStart = { queueId: string } | { messageId: string } | { address: string };

export function traceStart(value: string, isMessageId: boolean): TraceStart {
  const v = value.trim();
  if (/[\u0000-\u001f\u007f]/.test(v) || v === '' || v.length > 998) {
    throw new InvalidArgumentError(`expected a queue id, a Message-ID or an address, got ${show(v)}`);
  }
  const bracketed = /^<([^<>\s]+)>$/.exec(v);
  if (bracketed) return { messageId: bracketed[1]! };
  if (isMessageId) {
    if (/[<>\s]/.test(v)) throw new InvalidArgumentError(`expected a Message-ID (id@host), got ${show(v)}`);
    return { messageId: v };
  }
  if (QUEUE_ID.test(v)) return { queueId: v };
  if (v.includes('@')) return { address: userValue(v) };
  throw new InvalidArgumentError(
    `expected a queue id (letters and digits), a Message-ID in <> or an address with @, got ${show(v)}`,
  );
}

// The value quoted, cut, and with control characters visible: an error message stays one line.
function show(value: string): string {
  const cut = value.length > 80 ? `${value.slice(0, 80)}...` : value;
  return `'${cut.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}'`;
}
