// One OX log record (see ox-record.ts for cutting them out of a file) taken apart: time, level, thread,
// logger and method, the first message line, the MDC (" com.openexchange.session.userName=..." lines, kept
// without the "com.openexchange." prefix), and the exception: OX's code ("DBP-0001"), categories, message,
// exceptionID, and the root "Caused by:".
import { JUL_HEADER, LOGBACK_HEADER } from './ox-record.js';
import type { LogLevel, ParsedMessage } from './types.js';

export interface OxParsedRecord extends ParsedMessage {
  readonly time?: number; // epoch ms; undefined when the stamp is not a date (the docs' "20115" typo)
}

const LOGBACK_LEVEL: Readonly<Record<string, LogLevel>> = {
  ERROR: 'error',
  WARN: 'warn',
  INFO: 'info',
  DEBUG: 'debug',
  TRACE: 'debug',
};
const JUL_LEVEL: Readonly<Record<string, LogLevel>> = {
  SEVERE: 'error',
  WARNING: 'warn',
  INFO: 'info',
  CONFIG: 'info',
  FINE: 'debug',
  FINER: 'debug',
  FINEST: 'debug',
};
const JUL_LEVEL_LINE = /^(SEVERE|WARNING|INFO|CONFIG|FINE|FINER|FINEST): ?(.*)$/;
const LOCATED = /^(.*)\.([\w$<>]+)\(([^)]*)\)$/; // "com.x.Class.method(Class.java:123)"
const MDC = /^ ([a-z][\w.]*)=(.*)$/;
const EXCEPTION = /^([a-z][\w$]*(?:\.[\w$]+)+(?:Exception|Error|Throwable)): ?(.*)$/;
// App Suite writes "Categories=X", OX 6 "Category=8," with commas between the parts.
const OX_CODE = /\b([A-Z][A-Z0-9]+-\d{4}),? Categor(?:y|ies)=([^\s,]+),? Message='(.*)',? exceptionID=(\S+)/;
const CAUSED_BY = /^Caused by: ([\w.$]+)(?:: (.*))?$/;
const MONTHS = 'JanFebMarAprMayJunJulAugSepOctNovDec';

// offsetMinutes: the host's UTC offset, for stamps that carry none (JUL, logback without %z).
export function parseOxRecord(lines: readonly string[], offsetMinutes = 0): OxParsedRecord | undefined {
  const header = lines[0] ?? '';
  const logback = LOGBACK_HEADER.exec(header);
  if (logback) return fromLogback(logback, lines.slice(1), offsetMinutes);
  const jul = JUL_HEADER.exec(header);
  const julLevel = JUL_LEVEL_LINE.exec(lines[1] ?? '');
  if (jul && julLevel) {
    const fields: Record<string, string> = { logger: jul[2]!, text: julLevel[2]! };
    if (jul[3] !== undefined) fields.method = jul[3];
    const time = julTime(jul[1]!, offsetMinutes);
    return withBody(fields, lines.slice(2), JUL_LEVEL[julLevel[1]!]!, time);
  }
  return undefined;
}

function fromLogback(m: RegExpExecArray, body: readonly string[], offsetMinutes: number): OxParsedRecord {
  const [, date, clock, ms, zone, level, thread, logger, inline] = m;
  const fields: Record<string, string> = { thread: thread! };
  const located = LOCATED.exec(logger!);
  if (located) Object.assign(fields, { logger: located[1]!, method: located[2]!, location: located[3]! });
  else fields.logger = logger!.replace(/:$/, '');
  // "... ERROR [t] com.openexchange.exception.OXException: MSG-1013 ..." carries the text on the header line.
  const rest = inline !== undefined ? [`${logger!} ${inline}`, ...body] : body;
  const stamp = `${date!}T${clock!}.${ms!}`;
  const time = zone
    ? Date.parse(stamp + (zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(3)}`))
    : Date.parse(`${stamp}Z`) - offsetMinutes * 60_000;
  return withBody(fields, rest, LOGBACK_LEVEL[level!] ?? 'info', Number.isNaN(time) ? undefined : time);
}

function withBody(
  fields: Record<string, string>,
  body: readonly string[],
  level: LogLevel,
  time: number | undefined,
): OxParsedRecord {
  let frames = 0;
  for (const line of body) {
    const mdc = MDC.exec(line);
    const exception = EXCEPTION.exec(line);
    const cause = CAUSED_BY.exec(line);
    if (mdc) fields[mdc[1]!.replace(/^com\.openexchange\./, '')] = mdc[2]!;
    else if (/^\tat /.test(line)) frames++;
    else if (cause) fields.caused_by = cause[2] === undefined ? cause[1]! : `${cause[1]!}: ${cause[2]}`;
    else if (exception && fields.exception === undefined) {
      fields.exception = exception[1]!;
      const code = OX_CODE.exec(exception[2]!);
      if (code) Object.assign(fields, oxCode(code));
      else fields.error = exception[2]!;
    } else if (fields.text === undefined && line.trim() !== '' && !line.startsWith('\t')) fields.text = line;
  }
  // OX 6 often logs the code in the message line itself ("SEVERE: DBP-0001 Categories=...") with no exception.
  const inText = fields.code === undefined && fields.text !== undefined ? OX_CODE.exec(fields.text) : null;
  if (inText) Object.assign(fields, oxCode(inText));
  if (frames > 0) fields.frames = String(frames);
  const kind = fields.exception !== undefined ? 'exception' : 'log';
  return time === undefined ? { level, kind, fields } : { level, kind, fields, time };
}

function julTime(stamp: string, offsetMinutes: number): number | undefined {
  const m = /^([A-Z][a-z]{2}) (\d{1,2}), (\d{4}) (\d{1,2}):(\d\d):(\d\d) ([AP])M$/.exec(stamp);
  const month = m ? MONTHS.indexOf(m[1]!) / 3 : -1;
  if (!m || month < 0 || !Number.isInteger(month)) return undefined;
  const hour = (Number(m[4]) % 12) + (m[7] === 'P' ? 12 : 0);
  const utc = Date.UTC(Number(m[3]), month, Number(m[2]), hour, Number(m[5]), Number(m[6]));
  return utc - offsetMinutes * 60_000;
}

function oxCode(m: RegExpExecArray): Record<string, string> {
  return { code: m[1]!, categories: m[2]!, error: m[3]!, exception_id: m[4]! };
}
