// How `oxdoctor logs` prints a line. Text: "HOST SOURCE TIME message", the host in its own colour on a terminal,
// a '~' after the time when the host's clock offset was taken off it. JSON: one object per line.
import type { LogLine } from './types.js';

// Distinct, readable on dark and light backgrounds: cyan, magenta, yellow, green, blue, red, then bright ones.
const HOST_COLORS = ['36', '35', '33', '32', '34', '31', '96', '95', '93', '92', '94', '91'];
// Offsets below this are measurement noise: not marked.
export const SHOWN_OFFSET_MS = 1000;

export interface TextLayout {
  readonly color: boolean;
  readonly hostWidth: number;
  readonly sourceWidth: number;
  readonly colorOf: (host: string) => string;
}

export function textLayout(hosts: readonly string[], sources: readonly string[], color: boolean): TextLayout {
  const codes = new Map(hosts.map((h, i) => [h, HOST_COLORS[i % HOST_COLORS.length]!]));
  return {
    color,
    hostWidth: Math.max(0, ...hosts.map((h) => h.length)),
    sourceWidth: Math.max(0, ...sources.map((s) => s.length)),
    colorOf: (host) => codes.get(host) ?? '0',
  };
}

export function formatLineText(line: LogLine, layout: TextLayout): string {
  const host = line.host.padEnd(layout.hostWidth);
  const painted = layout.color ? `\u001b[${layout.colorOf(line.host)}m${host}\u001b[0m` : host;
  const marked = Math.abs(line.clockOffsetMs ?? 0) >= SHOWN_OFFSET_MS ? '~' : ' ';
  const time = `${line.time === undefined ? '-'.padEnd(23) : localStamp(line.time)}${marked}`;
  const [first, ...rest] = messageOf(line).split('\n');
  const head = `${painted} ${line.source.padEnd(layout.sourceWidth)} ${time}${first}`;
  // Continuation lines of a record (an OX stack trace) indented under the message.
  const indent = ' '.repeat(layout.hostWidth + layout.sourceWidth + 26);
  return [head, ...rest.map((r) => `${indent}${r}`)].join('\n');
}

export function formatLineJson(line: LogLine): string {
  return JSON.stringify({
    host: line.host,
    source: line.source,
    time: line.time === undefined ? null : new Date(line.time).toISOString(),
    program: line.program ?? null,
    pid: line.pid ?? null,
    queueId: line.queueId ?? null,
    level: line.level ?? null,
    kind: line.kind ?? null,
    fields: line.fields,
    raw: line.raw,
    ...(line.clockOffsetMs !== undefined ? { clockOffsetMs: line.clockOffsetMs } : {}),
  });
}

// "servera: clock +600.2 s ahead of this machine's; its times are shown corrected (marked ~)".
export function offsetNote(host: string, offsetMs: number): string | undefined {
  if (Math.abs(offsetMs) < SHOWN_OFFSET_MS) return undefined;
  const s = (Math.abs(offsetMs) / 1000).toFixed(1);
  const direction = offsetMs > 0 ? 'ahead of' : 'behind';
  return `${host}: clock ${offsetMs > 0 ? '+' : '-'}${s} s (${direction} this machine's); its times are corrected (marked ~)`;
}

// A syslog line without its stamp and hostname (the time column has them, corrected); other lines as read.
function messageOf(line: LogLine): string {
  if (line.program === undefined) return line.raw;
  const at = line.raw.indexOf(`${line.program}[`);
  const bare = at >= 0 ? at : line.raw.indexOf(`${line.program}:`);
  return bare > 0 && line.raw.lastIndexOf('\n', bare) < 0 ? line.raw.slice(bare) : line.raw;
}

// "2026-12-07 03:15:30.123" in this machine's time zone.
function localStamp(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return (
    `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ` +
    `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`
  );
}
