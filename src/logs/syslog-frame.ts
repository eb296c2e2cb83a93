// The syslog frame of a log line taken apart: time, hostname, program, pid and the program's message.
// RFC 3164 (sysklogd, rsyslog's traditional format), RFC 3339 (rsyslog's high-precision format) and RFC 5424.
import { FACILITIES, severityIndex } from './syslog-selector.js';
import { monthIndex, parseRfc3339, placeRfc3164 } from './syslog-time.js';

export type SyslogFormat = 'rfc3164' | 'rfc3339' | 'rfc5424';

export interface SyslogFrame {
  readonly format: SyslogFormat;
  readonly time?: number; // epoch ms; undefined for RFC 5424's nil stamp
  readonly hostname: string; // empty when the writer left it out ("Jan  7 14:35:09 postfix/qmgr[251]: ...")
  readonly program?: string; // "postfix/smtpd", "cyrus/imap"; undefined for sysklogd's "last message repeated"
  readonly pid?: number;
  readonly message: string; // for a repeat, the repeated message (empty when sysklogd does not say it)
  readonly repeated?: number; // "message repeated N times": the line stands for N identical lines
  readonly priority?: number; // facility * 8 + severity: RFC 5424's PRI, BusyBox's "mail.info: " prefix
  readonly msgId?: string; // RFC 5424's MSGID
  readonly structuredData?: string; // RFC 5424's SD elements, as written
}

// Unframed: a bare message (the corpus '*tests*' files, docker prefixes, other programs' own formats).
export type FramedLine =
  { readonly framed: true; readonly frame: SyslogFrame } | { readonly framed: false; readonly message: string };

export interface FrameOptions {
  readonly referenceTime: number; // epoch ms no line can be later than: the file's mtime
  readonly utcOffsetMinutes: number; // the host's UTC offset: RFC 3164 stamps are its local time
}

const RFC3164 = /^(\p{Lu}\p{Ll}{2}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\S+) ?(.*)$/u;
// BusyBox syslogd (-S off, as in Alpine containers) and `logread` put "facility.severity: " before the stamp.
const BUSYBOX_PRIORITY = /^([a-z0-9-]+)\.([a-z]+): /;
const RFC3339_HEAD = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})) (\S+) ?(.*)$/i;
const RFC5424_HEAD = /^<(\d{1,3})>(\d{1,2}) (\S+) (\S+) (\S+) (\S+) (\S+) (.*)$/;
// The tag: program, optional [pid], colon. Programs hold '/', '.', '-' ("postfix/submission/smtpd").
const TAG = /^([^\s[\]:]+)(?:\[(\d+)\])?:(?: |$)(.*)$/;
// A hostname never ends in ':'; such a token is the tag of a writer that leaves the hostname out.
const HOSTLESS_TAG = /^[^\s[\]:]+(?:\[\d+\])?:$/;
const RSYSLOG_REPEAT = /^message repeated (\d+) times: \[ ?(.*?) ?\]$/;
const SYSKLOGD_REPEAT = /^last message repeated (\d+) times?$/;

export function parseSyslogLine(line: string, options: FrameOptions): FramedLine {
  const frame = parse3164(line, options) ?? parse3339(line) ?? parse5424(line);
  return frame ? { framed: true, frame } : { framed: false, message: line };
}

function parse3164(line: string, options: FrameOptions): SyslogFrame | undefined {
  const prefix = BUSYBOX_PRIORITY.exec(line);
  const priority = prefix ? priorityOf(prefix[1]!, prefix[2]!) : undefined;
  if (prefix && priority !== undefined) {
    const frame = parse3164(line.slice(prefix[0].length), options);
    return frame && { ...frame, priority };
  }
  const m = RFC3164.exec(line);
  if (!m) return undefined;
  const [, mon = '', day, hour, minute, second, hostname = '', rest = ''] = m;
  const month = monthIndex(mon);
  if (month < 0) return undefined;
  const stamp = { month, day: Number(day), hour: Number(hour), minute: Number(minute), second: Number(second) };
  const time = placeRfc3164(stamp, options.referenceTime, options.utcOffsetMinutes);
  if (HOSTLESS_TAG.test(hostname)) return { format: 'rfc3164', time, hostname: '', ...splitTag(`${hostname} ${rest}`) };
  return { format: 'rfc3164', time, hostname, ...splitTag(rest) };
}

function priorityOf(facility: string, severity: string): number | undefined {
  const f = (FACILITIES as readonly string[]).indexOf(facility);
  const s = severityIndex(severity);
  return f < 0 || s < 0 ? undefined : f * 8 + s;
}

function parse3339(line: string): SyslogFrame | undefined {
  const m = RFC3339_HEAD.exec(line);
  if (!m) return undefined;
  const [, stamp = '', hostname = '', rest = ''] = m;
  return { format: 'rfc3339', time: parseRfc3339(stamp), hostname, ...splitTag(rest) };
}

function parse5424(line: string): SyslogFrame | undefined {
  const m = RFC5424_HEAD.exec(line);
  if (!m) return undefined;
  const [, pri, , stamp = '', hostname = '', app = '', procId = '', msgId = '', rest = ''] = m;
  const time = stamp === '-' ? undefined : parseRfc3339(stamp);
  if (time !== undefined && Number.isNaN(time)) return undefined;
  const { structuredData, message } = splitStructuredData(rest);
  const pid = /^\d+$/.test(procId) ? Number(procId) : undefined;
  return {
    format: 'rfc5424',
    time,
    hostname: nil(hostname) ?? '',
    program: nil(app),
    pid,
    message: message.replace(/^\uFEFF/, ''),
    priority: Number(pri),
    msgId: nil(msgId),
    structuredData,
  };
}

function nil(value: string): string | undefined {
  return value === '-' ? undefined : value;
}

// "prog[pid]: msg", then rsyslog's and sysklogd's repeat lines.
function splitTag(rest: string): Pick<SyslogFrame, 'program' | 'pid' | 'message' | 'repeated'> {
  const sysklogd = SYSKLOGD_REPEAT.exec(rest);
  if (sysklogd) return { message: '', repeated: Number(sysklogd[1]) };
  const tag = TAG.exec(rest);
  if (!tag) return { message: rest };
  const [, program, pid, message = ''] = tag;
  const repeat = RSYSLOG_REPEAT.exec(message);
  return {
    program,
    pid: pid === undefined ? undefined : Number(pid),
    message: repeat ? (repeat[2] ?? '') : message,
    ...(repeat ? { repeated: Number(repeat[1]) } : {}),
  };
}

// RFC 5424 SD: "-" or one or more [id param="value"...] elements (']' and '"' escaped with '\' in values).
function splitStructuredData(rest: string): { structuredData?: string; message: string } {
  if (rest === '-' || rest.startsWith('- ')) return { message: rest.slice(2) };
  let i = 0;
  while (rest[i] === '[') {
    let quoted = false;
    for (i++; i < rest.length; i++) {
      const c = rest[i];
      if (c === '\\') i++;
      else if (c === '"') quoted = !quoted;
      else if (c === ']' && !quoted) break;
    }
    i++;
  }
  if (i === 0) return { message: rest };
  return { structuredData: rest.slice(0, i), message: rest.slice(i).replace(/^ /, '') };
}
