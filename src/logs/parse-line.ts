// One physical log line -> LogLine, statelessly: the syslog frame taken apart (syslog-frame.ts) and the message
// handed to its program's parser (program-message.ts); oxldapsync.log, Apache's error and access logs, and OX
// log lines one at a time. What needs state (amavis' split lines, OX multi-line records, sysklogd's "last
// message repeated") is line-parser.ts's.
import { parseApacheAccessLine, parseApacheErrorLine, type ApacheLine } from './apache.js';
import { levelOfPriority, levelOfWords } from './level-words.js';
import { parseOxRecord } from './ox.js';
import { isOxRecordStart } from './ox-record.js';
import { parseOxLdapSyncLine } from './oxldapsync.js';
import { fallbackQueueId, parseProgramMessage, programFamily } from './program-message.js';
import { parseSyslogLine, type SyslogFrame } from './syslog-frame.js';
import type { LogLine, SourceKind } from './types.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export interface LineContext {
  readonly host: string;
  readonly source: string;
  readonly kind: SourceKind;
  readonly fileMtimeMs: number; // RFC 3164 year inference
  readonly utcOffsetMinutes: number; // the host's UTC offset (from discover)
}

export const OX_PROGRAM = 'open-xchange';
export const APACHE_PROGRAM = 'httpd';

export function parseLogLine(text: string, ctx: LineContext): LogLine {
  switch (ctx.kind) {
    case 'syslog':
      return syslogLine(text, ctx);
    case 'oxldapsync':
      return oxLdapSyncLine(text, ctx);
    case 'ox':
      return oxLine(text, ctx);
    case 'apache-error':
      return apacheLine(text, ctx, parseApacheErrorLine(text, ctx.utcOffsetMinutes));
    case 'apache-access':
      return apacheLine(text, ctx, parseApacheAccessLine(text));
  }
}

// A LogLine without the keys whose value is undefined (so JSON and toEqual see the same shape).
export function makeLine(line: LogLine): LogLine {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(line)) if (value !== undefined) out[key] = value;
  return out as unknown as LogLine;
}

function syslogLine(text: string, ctx: LineContext): LogLine {
  const framed = parseSyslogLine(text, { referenceTime: ctx.fileMtimeMs, utcOffsetMinutes: ctx.utcOffsetMinutes });
  if (!framed.framed)
    return makeLine({ host: ctx.host, source: ctx.source, raw: text, fields: {}, level: levelOfWords(text) });
  return lineOfFrame(framed.frame, text, ctx);
}

// A framed syslog line as a LogLine; raw is what was read (for a joined amavis message, every part's line).
// Built key by key: this runs for every line of a follow (tens of thousands a second).
export function lineOfFrame(frame: SyslogFrame, raw: string, ctx: Pick<LineContext, 'host' | 'source'>): LogLine {
  const line: Mutable<LogLine> = { host: ctx.host, source: ctx.source, fields: {}, raw };
  if (frame.time !== undefined && !Number.isNaN(frame.time)) line.time = frame.time;
  if (frame.hostname !== '') line.syslogHost = frame.hostname;
  if (frame.program === undefined) {
    // sysklogd's "last message repeated N times" has no program: line-parser.ts fills the rest in
    if (frame.repeated !== undefined) line.kind = 'repeated';
  } else {
    line.program = frame.program;
    if (frame.pid !== undefined) line.pid = frame.pid;
    const family = programFamily(frame.program);
    const parsed = family && parseProgramMessage(family, frame.program, frame.message);
    const level = parsed?.level ?? levelOfPriority(frame.priority) ?? levelOfWords(frame.message);
    const queueId = parsed ? parsed.queueId : family && fallbackQueueId(family, frame.message);
    if (queueId !== undefined) line.queueId = queueId;
    if (level !== undefined) line.level = level;
    if (parsed) {
      line.fields = parsed.fields;
      if (parsed.kind !== undefined) line.kind = parsed.kind;
    }
  }
  if (frame.repeated !== undefined) line.fields = { ...line.fields, repeated: String(frame.repeated) };
  return line;
}

function oxLdapSyncLine(text: string, ctx: LineContext): LogLine {
  const base = { host: ctx.host, source: ctx.source, raw: text };
  const line = parseOxLdapSyncLine(text, ctx.utcOffsetMinutes);
  if (!line) return makeLine({ ...base, fields: {}, level: levelOfWords(text) });
  return makeLine({ ...base, time: line.time, program: 'oxldapsync', pid: line.pid, ...line.message });
}

// A single OX line: a record's header parses alone (its body lines need LogLineParser); other lines are a
// record's body read without its header.
function oxLine(text: string, ctx: LineContext): LogLine {
  const base = { host: ctx.host, source: ctx.source, raw: text, program: OX_PROGRAM };
  const record = isOxRecordStart(text) ? parseOxRecord([text], ctx.utcOffsetMinutes) : undefined;
  if (!record) return makeLine({ ...base, fields: {} });
  return makeLine({ ...base, ...record });
}

function apacheLine(text: string, ctx: LineContext, parsed: ApacheLine | undefined): LogLine {
  const base = { host: ctx.host, source: ctx.source, raw: text, program: APACHE_PROGRAM };
  if (!parsed) return makeLine({ ...base, fields: {}, level: levelOfWords(text) });
  return makeLine({ ...base, ...parsed });
}
