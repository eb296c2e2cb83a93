// A message's stay in one postfix queue on one host: every line that names the queue id, from smtpd's client= (or
// pickup) to qmgr's "removed". Short queue ids are reused, so a new client=/pickup after "removed" starts a new
// stay under the same id.
import type { LogLine } from '../logs/types.js';

export interface QueueFile {
  readonly key: string; // "host/QUEUEID#n"
  readonly host: string;
  readonly queueId: string;
  readonly lines: LogLine[]; // in input order (each host's file order)
  messageId?: string;
  from?: string;
  firstTime?: number;
  lastTime?: number;
  removed: boolean;
}

const STARTS = new Set(['client', 'pickup']);

export function groupQueueFiles(lines: readonly LogLine[]): QueueFile[] {
  const open = new Map<string, QueueFile>();
  const counts = new Map<string, number>();
  const out: QueueFile[] = [];
  for (const line of lines) {
    if (line.queueId === undefined) continue;
    const id = `${line.host}/${line.queueId}`;
    let file = open.get(id);
    if (!file || (file.removed && startsAgain(file, line))) {
      const n = (counts.get(id) ?? 0) + 1;
      counts.set(id, n);
      file = { key: `${id}#${n}`, host: line.host, queueId: line.queueId, lines: [], removed: false };
      open.set(id, file);
      out.push(file);
    }
    add(file, line);
  }
  return out;
}

function startsAgain(file: QueueFile, line: LogLine): boolean {
  if (STARTS.has(line.kind ?? '')) return true;
  return line.kind === 'message-id' && file.messageId !== undefined;
}

function add(file: QueueFile, line: LogLine): void {
  file.lines.push(line);
  // cleanup's message-id= first; amavis' Message-ID when cleanup's line was not read
  if (file.messageId === undefined && line.fields['message-id']) file.messageId = line.fields['message-id'];
  if (line.kind === 'from' && file.from === undefined) file.from = line.fields.from;
  if (line.kind === 'removed') file.removed = true;
  if (line.time !== undefined) {
    if (file.firstTime === undefined || line.time < file.firstTime) file.firstTime = line.time;
    if (file.lastTime === undefined || line.time > file.lastTime) file.lastTime = line.time;
  }
}
