// The trace for people (a hop table and each recipient's end per message) and for programs (one JSON document).
import type { MessageTrace, RecipientEnd, TraceHop, TraceResult } from './types.js';

const COLORS: Readonly<Record<RecipientEnd['state'], string>> = {
  delivered: '\x1b[32m',
  deferred: '\x1b[33m',
  queued: '\x1b[33m',
  bounced: '\x1b[31m',
  rejected: '\x1b[31m',
  lost: '\x1b[31m',
};
const RESET = '\x1b[0m';
// A status longer than this is cut in the table (the JSON keeps it whole).
const STATUS_WIDTH = 100;

export function renderTraceJson(result: TraceResult): string {
  const messages = result.messages.map((m) => ({
    ...m,
    hops: m.hops.map(({ line, ...hop }) => ({ ...hop, raw: line.raw, source: line.source })),
  }));
  return JSON.stringify({ version: 1, query: result.query, messages, exitCode: result.exitCode });
}

export function renderTraceText(result: TraceResult, options: { color: boolean }): string {
  if (result.messages.length === 0) return `no message found for ${queryText(result)}\n`;
  const parts = result.messages.map((m) => messageText(m, options.color));
  return `${parts.join('\n')}`;
}

function queryText(result: TraceResult): string {
  const q = result.query;
  return q.queueId ?? (q.messageId ? `<${q.messageId.replace(/^<|>$/g, '')}>` : (q.address ?? '?'));
}

function messageText(m: MessageTrace, color: boolean): string {
  const head = `message <${m.messageId ?? '?'}> from <${m.from ?? '?'}>${m.firstSeen ? `, ${stamp(m.firstSeen)}` : ''}`;
  const rows = [['HOST', 'TIME', 'QUEUE ID', 'STEP', 'STATUS', 'DELAY', 'SINCE PREV'], ...m.hops.map(hopRow)];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const table = rows.map((r) =>
    r
      .map((c, i) => c.padEnd(i === r.length - 1 ? 0 : widths[i]!))
      .join('  ')
      .trimEnd(),
  );
  const ends = m.ends.map((e) => {
    const state = color ? `${COLORS[e.state]}${e.state}${RESET}` : e.state;
    return `  ${e.recipient}: ${state} - ${e.detail}`;
  });
  return [head, ...table.map((l) => `  ${l}`), 'ends:', ...(ends.length ? ends : ['  (none found)']), ''].join('\n');
}

function hopRow(h: TraceHop): string[] {
  const status = h.status && h.status.length > STATUS_WIDTH ? `${h.status.slice(0, STATUS_WIDTH - 3)}...` : h.status;
  return [
    h.host,
    h.time === undefined ? '?' : stamp(h.time).slice(11),
    h.queueId ?? '-',
    h.step,
    status ?? '',
    h.delayMs === undefined ? '' : seconds(h.delayMs),
    h.sincePreviousMs === undefined ? '' : `+${seconds(h.sincePreviousMs)}`,
  ];
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 0)}s`;
// "2026-12-07 02:14:53" in UTC, as every host's lines are placed.
const stamp = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
