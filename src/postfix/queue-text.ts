// `postqueue -p` / mailq text, fed line by line: the postfix 2.x and 3.1+ headers, short and long queue
// ids, `*` (active) and `!` (hold) markers, delay reasons in parentheses (right-aligned, at column 0 when
// long, or wrapped over several lines), "Mail queue is empty" and the "-- N Kbytes in M Requests." trailer.
// The listing has no year and no timezone: arrival times are read in the host's offset, in the latest
// year that does not put them in the future.
import type { QueueName, QueuedMessage, QueuedRecipient } from './queue-types.js';

export interface QueueTextTrailer {
  readonly kbytes: number;
  readonly requests: number;
}

export interface QueueTextState {
  readonly headerSeen: boolean;
  readonly empty: boolean; // "Mail queue is empty"
  readonly trailer?: QueueTextTrailer;
  readonly unparsed: number; // lines that fit nowhere
}

const ENTRY =
  /^([0-9A-Za-z]{6,})([*!]?)\s+(\d+)\s+([A-Z][a-z]{2}) ([A-Z][a-z]{2})\s+(\d{1,2}) (\d{2}):(\d{2}):(\d{2})\s+(.*)$/;
const TRAILER = /^-- (\d+) Kbytes? in (\d+) Requests?\.$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
// A wrapped reason spans a few lines; past this, a stray "(" must not swallow the listing.
const MAX_REASON_LINES = 12;

interface Pending {
  queueName: QueueName;
  queueId: string;
  arrivalTime: number;
  size: number;
  sender: string;
  recipients: QueuedRecipient[];
}

export class QueueTextParser {
  private current: Pending | null = null;
  private reason: string | undefined; // applies to the recipient lines that follow it
  private open: { text: string; depth: number; lines: number } | null = null;
  private state: { headerSeen: boolean; empty: boolean; trailer?: QueueTextTrailer; unparsed: number } = {
    headerSeen: false,
    empty: false,
    unparsed: 0,
  };

  // nowSeconds and utcOffsetMinutes are the host's, for the year and zone the listing leaves out.
  constructor(
    private readonly emit: (m: QueuedMessage) => void,
    private readonly nowSeconds: number,
    private readonly utcOffsetMinutes = 0,
  ) {}

  line(raw: string): void {
    // trimEnd, not replace(/\s+$/): the regexp retries at every blank of the right-aligned recipient lines,
    // 40% of a 100,000-message -p parse
    const line = raw.trimEnd();
    if (this.open) {
      this.continueReason(line);
      return;
    }
    if (line === '') {
      this.flush();
      return;
    }
    const first = line.charCodeAt(0);
    if (first === 32 || first === 9) {
      this.indented(line); // most lines: no header, entry or trailer starts with a blank
      return;
    }
    if (line.startsWith('-Queue ID-') || /^-+Queue ID-+\s/.test(line)) {
      this.state.headerSeen = true;
      return;
    }
    if (/^Mail queue is empty$/.test(line)) {
      this.state.empty = true;
      return;
    }
    const trailer = TRAILER.exec(line);
    if (trailer) {
      this.flush();
      this.state.trailer = { kbytes: Number(trailer[1]), requests: Number(trailer[2]) };
      return;
    }
    const entry = ENTRY.exec(line);
    if (entry) {
      this.flush();
      this.startEntry(entry);
      return;
    }
    if (this.current && line.startsWith('(')) {
      this.open = { text: '', depth: 0, lines: 0 };
      this.continueReason(line);
      return;
    }
    this.state.unparsed++;
  }

  // A recipient, or a delay reason in parentheses that applies to the recipients after it.
  private indented(line: string): void {
    const trimmed = line.trim();
    if (this.current && trimmed.startsWith('(')) {
      this.open = { text: '', depth: 0, lines: 0 };
      this.continueReason(trimmed);
      return;
    }
    if (this.current && trimmed !== '') {
      this.current.recipients.push(
        this.reason === undefined ? { address: trimmed } : { address: trimmed, delayReason: this.reason },
      );
      return;
    }
    this.state.unparsed++;
  }

  end(): QueueTextState {
    if (this.open) this.closeReason();
    this.flush();
    return { ...this.state };
  }

  private startEntry(m: RegExpExecArray): void {
    const [, id = '', marker, size = '0', , mon = '', day = '1', hh = '0', mm = '0', ss = '0', rest = ''] = m;
    let queueName: QueueName = marker === '*' ? 'active' : marker === '!' ? 'hold' : 'deferred';
    let sender = rest.trim();
    if (/^\(maildrop queue/.test(sender)) {
      queueName = 'maildrop';
      sender = '';
    }
    if (sender === 'MAILER-DAEMON') sender = '';
    this.current = {
      queueName,
      queueId: id,
      arrivalTime: this.arrival(MONTHS.indexOf(mon), Number(day), Number(hh), Number(mm), Number(ss)),
      size: Number(size),
      sender,
      recipients: [],
    };
    this.reason = undefined;
  }

  private continueReason(line: string): void {
    const open = this.open!;
    if (line === '') {
      this.closeReason();
      this.flush();
      return;
    }
    const piece = line.trim();
    open.text = open.text === '' ? piece : `${open.text} ${piece}`;
    open.lines++;
    for (const ch of piece) {
      if (ch === '(') open.depth++;
      else if (ch === ')') open.depth--;
    }
    if (open.depth <= 0 || open.lines >= MAX_REASON_LINES) this.closeReason();
  }

  private closeReason(): void {
    const text = this.open?.text ?? '';
    this.open = null;
    this.reason = text.replace(/^\(/, '').replace(/\)$/, '').trim() || undefined;
  }

  private flush(): void {
    const c = this.current;
    if (!c) return;
    this.current = null;
    this.reason = undefined;
    // Unmarked entries are incoming or deferred; the listing cannot tell them apart except by a delay
    // reason, which only deferred mail carries.
    const queueName = c.queueName === 'deferred' && !c.recipients.some((r) => r.delayReason) ? 'incoming' : c.queueName;
    const { queueId, arrivalTime, size, sender, recipients } = c;
    this.emit({ queueName, queueId, arrivalTime, size, sender, recipients, forcedExpire: false });
  }

  private arrival(month: number, day: number, h: number, m: number, s: number): number {
    const offset = this.utcOffsetMinutes * 60;
    const now = new Date((this.nowSeconds + offset) * 1000);
    let year = now.getUTCFullYear();
    let t = Date.UTC(year, Math.max(0, month), day, h, m, s) / 1000 - offset;
    if (t > this.nowSeconds + 86_400) {
      year--;
      t = Date.UTC(year, Math.max(0, month), day, h, m, s) / 1000 - offset;
    }
    return t;
  }
}
