// The lines of one file (one host, one path) to LogLines, with the state parseLogLine cannot have: amavis' split
// messages joined back (amavis-join.ts), OX's multi-line records assembled (ox-record.ts), and sysklogd's "last
// message repeated N times" given the repeated line's program and fields (one LogLine with fields.repeated: the
// line is not multiplied). Lines come out in input order, except that a joined amavis message comes out when its
// last part arrives (it keeps its first part's time, so the merger puts it back in place).
import { AmavisJoiner } from './amavis-join.js';
import { AMAVIS_PROGRAM } from './amavis.js';
import { parseOxRecord } from './ox.js';
import { OxRecordAssembler } from './ox-record.js';
import { lineOfFrame, makeLine, OX_PROGRAM, parseLogLine } from './parse-line.js';
import { parseSyslogLine, type SyslogFrame } from './syslog-frame.js';
import type { LogLine, RawLine, SourceKind } from './types.js';

const MAX_LINES_HELD = 10_000;

interface ParserContext {
  readonly host: string;
  readonly source: string;
  readonly kind: SourceKind;
  readonly utcOffsetMinutes: number;
}

// An amavis part waiting for its rest: the joiner merges message and raw.
interface AmavisItem {
  readonly pid?: number;
  readonly message: string;
  readonly raw: string;
  readonly frame: SyslogFrame;
}

export class LogLineParser {
  private readonly amavis = new AmavisJoiner<AmavisItem>();
  private readonly ox = new OxRecordAssembler();
  private oxHeld = false;
  private last: LogLine | undefined; // the previous line, for sysklogd's repeat
  private linesWhileHeld = 0; // lines of the file since an amavis part began to wait

  constructor(private readonly ctx: ParserContext) {}

  get holding(): boolean {
    return this.oxHeld || this.amavis.holding;
  }

  push(raw: RawLine): LogLine[] {
    if (this.ctx.kind === 'ox') {
      this.oxHeld = true;
      return this.ox.push(raw.text).map((r) => this.oxLine(r.lines));
    }
    if (this.ctx.kind !== 'syslog') return [parseLogLine(raw.text, { ...this.ctx, fileMtimeMs: raw.fileMtimeMs })];
    const options = { referenceTime: raw.fileMtimeMs, utcOffsetMinutes: this.ctx.utcOffsetMinutes };
    const framed = parseSyslogLine(raw.text, options);
    const orphans = this.orphanedParts();
    if (framed.framed && framed.frame.program !== undefined && AMAVIS_PROGRAM.test(framed.frame.program)) {
      const item = { pid: framed.frame.pid, message: framed.frame.message, raw: raw.text, frame: framed.frame };
      return [...orphans, ...this.amavis.push(item).map((i) => this.remember(this.amavisLine(i)))];
    }
    const line = framed.framed
      ? lineOfFrame(framed.frame, raw.text, this.ctx)
      : parseLogLine(raw.text, { ...this.ctx, fileMtimeMs: raw.fileMtimeMs });
    return [...orphans, this.remember(line.kind === 'repeated' ? this.repeat(line) : line)];
  }

  // A part whose process never logs again (amavisd child killed) would wait for an idle moment a busy maillog
  // never has: after MAX_LINES_HELD lines it leaves as it is.
  private orphanedParts(): LogLine[] {
    if (!this.amavis.holding) {
      this.linesWhileHeld = 0;
      return [];
    }
    if (++this.linesWhileHeld <= MAX_LINES_HELD) return [];
    this.linesWhileHeld = 0;
    return this.amavis.flush().map((i) => this.remember(this.amavisLine(i)));
  }

  flush(): LogLine[] {
    this.oxHeld = false;
    const ox = this.ox.flush().map((r) => this.oxLine(r.lines));
    return [...ox, ...this.amavis.flush().map((i) => this.remember(this.amavisLine(i)))];
  }

  private amavisLine(item: AmavisItem): LogLine {
    return lineOfFrame({ ...item.frame, message: item.message }, item.raw, this.ctx);
  }

  private oxLine(lines: readonly string[]): LogLine {
    const base = { host: this.ctx.host, source: this.ctx.source, raw: lines.join('\n'), program: OX_PROGRAM };
    const record = parseOxRecord(lines, this.ctx.utcOffsetMinutes);
    return makeLine(record ? { ...base, ...record } : { ...base, fields: {} });
  }

  // "last message repeated N times" stands for the previous line of the file N more times.
  private repeat(line: LogLine): LogLine {
    const prev = this.last;
    if (!prev) return line;
    const { host, source, raw, time, syslogHost } = line;
    return makeLine({ ...prev, host, source, raw, time, syslogHost, fields: { ...prev.fields, ...line.fields } });
  }

  private remember(line: LogLine): LogLine {
    if (line.kind !== 'repeated') this.last = line;
    return line;
  }
}
