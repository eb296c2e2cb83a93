// A log file cut to the --since/--until window as it streams: each line's time read by the logs issue's parser
// (its stamp, the host's UTC offset, the file's mtime for yearless stamps); lines without a stamp of their own
// (continuations, stack traces) go with the line before. Lines are in time order, so once a line is inside the
// window the rest is only checked against --until, and past --until (with slack) the file ends.
import { Transform, type TransformCallback } from 'node:stream';
import { parseLogLine } from '../../logs/parse-line.js';
import { parseSyslogLine } from '../../logs/syslog-frame.js';
import type { SourceKind } from '../../logs/types.js';

// Past `until` by this much, the rest of a file is left out (a few lines out of order are not the end).
const PAST_UNTIL_SLACK_MS = 5 * 60_000;
const MAX_LINE = 1024 * 1024;

export interface LogWindow {
  readonly since: number; // epoch ms
  readonly until?: number;
}

export interface WindowContext {
  readonly host: string;
  readonly source: string;
  readonly kind: SourceKind;
  readonly fileMtimeMs: number;
  readonly utcOffsetMinutes: number;
}

export interface WindowStats {
  before: number; // lines left out before the window
  after: number; // lines left out after it
  kept: number;
}

// A line's time (epoch ms), or undefined when it has no stamp of its own.
export function lineTimer(ctx: WindowContext): (line: string) => number | undefined {
  const frameOptions = { referenceTime: ctx.fileMtimeMs, utcOffsetMinutes: ctx.utcOffsetMinutes };
  return (line) => {
    // a syslog line's stamp is its frame's: its program's message need not be parsed for it
    const framed = ctx.kind === 'syslog' ? parseSyslogLine(line, frameOptions) : undefined;
    const t = framed ? (framed.framed ? framed.frame.time : undefined) : parseLogLine(line, { ...ctx }).time;
    return t === undefined || Number.isNaN(t) ? undefined : t;
  };
}

// dropFirst: the data starts inside a line (a tail of the file), whose start is not there: left out.
export function windowFilter(
  window: LogWindow,
  ctx: WindowContext,
  options: { dropFirst?: boolean } = {},
): { stream: Transform; stats: WindowStats } {
  const stats: WindowStats = { before: 0, after: 0, kept: 0 };
  let carry = '';
  let dropping = options.dropFirst === true;
  let inside = false; // a line inside the window was seen: earlier ones need not be checked
  let keepUntimed = false; // the decision of the last timed line
  let ended = false;
  const timeOf = lineTimer(ctx);
  const decide = (line: string): boolean => {
    if (inside && window.until === undefined) return true;
    const t = timeOf(line);
    if (t === undefined) return keepUntimed;
    if (t < window.since && !inside) return (keepUntimed = false);
    if (window.until !== undefined && t > window.until) {
      if (t > window.until + PAST_UNTIL_SLACK_MS) ended = true;
      return (keepUntimed = false);
    }
    inside = true;
    return (keepUntimed = true);
  };
  const lines = (text: string, push: (s: string) => void): void => {
    let pos = 0;
    let out = '';
    while (pos < text.length && !ended) {
      if (inside && window.until === undefined && !dropping) {
        // the rest of a file inside a window with no end is kept as it is
        for (let i = text.indexOf('\n', pos); i !== -1; i = text.indexOf('\n', i + 1)) stats.kept++;
        out += text.slice(pos);
        break;
      }
      const nl = text.indexOf('\n', pos);
      const end = nl === -1 ? text.length : nl + 1;
      const line = text.slice(pos, end);
      pos = end;
      if (dropping) {
        dropping = false;
        continue;
      }
      if (decide(line.replace(/\r?\n$/, ''))) {
        out += line;
        stats.kept++;
      } else if (ended || (window.until !== undefined && inside)) stats.after++;
      else stats.before++;
    }
    if (out !== '') push(out);
  };
  const stream = new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      if (ended) return done();
      const text = carry + chunk.toString('latin1');
      const last = text.lastIndexOf('\n');
      carry = last === -1 ? text : text.slice(last + 1);
      if (last !== -1) lines(text.slice(0, last + 1), (s) => this.push(Buffer.from(s, 'latin1')));
      if (carry.length > MAX_LINE) {
        lines(`${carry}\n`, (s) => this.push(Buffer.from(s, 'latin1')));
        carry = '';
      }
      done();
    },
    flush(done: TransformCallback) {
      if (carry !== '' && !ended) lines(carry, (s) => this.push(Buffer.from(s, 'latin1')));
      done();
    },
  });
  return { stream, stats };
}
