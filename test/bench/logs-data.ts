// The logs bench's data: a 1 GiB maillog built from the corpus' real lines (logs-corpus.ts) with fresh queue ids
// (each corpus id becomes a new id on every pass over the corpus, so one id names a handful of lines) and times
// spread over the last 24 hours, and in its middle one message traced through the lab (data/logs-trace-flow.txt:
// relay, amavis, server A, the BCC copy on server B) with fresh ids; the flow's server A and B lines go to small
// files of their own. Written on this machine under /var/tmp, which the lab hosts see as their own /var/tmp.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { writeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadTemplates, type Templates } from './logs-corpus.js';

export const BENCH_DIR = process.env.BENCH_LOGS_DIR ?? '/var/tmp/oxdoctor-bench';
const FLOW = fileURLToPath(new URL('../../../test/bench/data/logs-trace-flow.txt', import.meta.url));
const DAY_MS = 86_400_000;
const CHUNK = 8 << 20;

export interface BenchData {
  readonly files: Readonly<Record<'relay' | 'servera' | 'serverb', string>>;
  readonly size: number; // bytes of the relay file
  readonly lines: number;
  readonly templates: number; // corpus lines used as templates
  readonly corpusIds: number; // distinct queue ids in them
  readonly plantedIds: readonly string[]; // relay inbound, relay re-injected, then the next hops' (flow order)
  readonly messageId: string;
  readonly plantedTime: number; // epoch ms of the flow's first line
  readonly generateMs: number;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number): string => String(n).padStart(2, '0');
// RFC 3164 in the machine's zone, which the lab hosts share.
function stamp(ms: number): string {
  const d = new Date(ms);
  const time = `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
  return `${MONTHS[d.getMonth()]} ${String(d.getDate()).padStart(2, ' ')} ${time}`;
}

// Postfix's alphabets: short ids are upper-case hex; long ids a vowel-free base 51, 'z', more of it.
const LONG_DIGITS = '0123456789BCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxy';
function base51(n: number, width: number): string {
  let s = '';
  for (let i = 0; i < width; i++, n = Math.floor(n / 51)) s = LONG_DIGITS[n % 51]! + s;
  return s;
}
// The id that corpus id number `index` gets on pass `pass`: unique per (pass, index), same length as real ones.
export function freshId(pass: number, index: number, long: boolean): string {
  if (long) return `${base51(pass, 10)}z${base51(index, 5)}`;
  return (pass.toString(16).padStart(6, '0') + index.toString(16).padStart(4, '0')).toUpperCase();
}
// Never reached by the filler (a pass is ~900 lines, ~8,000 passes in 1 GiB); an index past the corpus' ids.
const PLANTED_PASS = 0x9e3d71;
const PLANTED_INDEX = 0x5b20;

interface Flow {
  readonly byHost: Map<string, string[]>;
  readonly ids: string[];
  readonly messageId: string;
  readonly firstMs: number;
}

// The traced message with fresh ids and Message-ID, its first line at `at`.
function plantedFlow(at: number, tag: string): Flow {
  const rows = readFileSync(FLOW, 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split('\t') as [string, string]);
  const secondOf = (line: string): number => {
    const [h, m, s] = line.slice(7, 15).split(':').map(Number);
    return h! * 3600 + m! * 60 + s!;
  };
  const first = secondOf(rows[0]![1]);
  const ids = new Map<string, string>();
  const oldMessageId = /message-id=<([^>]+)>/.exec(rows.map((r) => r[1]).join('\n'))![1]!;
  const messageId = `oxdoctor-bench-${tag}@example.com`;
  const byHost = new Map<string, string[]>();
  for (const [host, line] of rows) {
    let text = stamp(at + (secondOf(line) - first) * 1000) + line.slice(15);
    for (const m of text.matchAll(/(?:]: |queued as |queued_as: |Queue-ID: )([0-9A-F]{10,12})\b/g)) {
      if (!ids.has(m[1]!)) ids.set(m[1]!, freshId(PLANTED_PASS, PLANTED_INDEX + ids.size, false));
    }
    for (const [old, fresh] of ids) text = text.split(old).join(fresh);
    text = text.split(oldMessageId).join(messageId);
    byHost.set(host, [...(byHost.get(host) ?? []), text]);
  }
  return { byHost, ids: [...ids.values()], messageId, firstMs: at };
}

// Writes the relay file (about `size` bytes) and the flow's small server A and B files.
export function generate(size: number, dir = BENCH_DIR, host = 'relay'): BenchData {
  const started = performance.now();
  const t: Templates = loadTemplates();
  const files = { relay: `${dir}/relay/maillog`, servera: `${dir}/servera/maillog`, serverb: `${dir}/serverb/maillog` };
  for (const f of Object.values(files)) mkdirSync(f.slice(0, f.lastIndexOf('/')), { recursive: true });
  // A line: stamp, host, program[pid], ': ', the message (fresh ids as long as the corpus'), newline.
  const lineLength = (l: Templates['lines'][number]): number =>
    15 +
    host.length +
    l.program.length +
    (l.pid === undefined ? 0 : String(l.pid).length + 2) +
    5 +
    l.parts.join('').length +
    l.slots.reduce((n, s) => n + t.ids[s]!.id.length, 0);
  const avg = t.lines.reduce((n, l) => n + lineLength(l), 0) / t.lines.length;
  const end = Date.now() - 60_000;
  const step = DAY_MS / (size / avg);
  const flow = plantedFlow(end - DAY_MS / 2, Date.now().toString(36));
  const fd = openSync(files.relay, 'w');
  const buf = Buffer.allocUnsafe(CHUNK + (1 << 20)); // lines go straight in: no joined strings for the GC
  let used = 0;
  let written = 0;
  let lines = 0;
  let planted = false;
  const put = (text: string): void => {
    used += buf.write(text, used);
    lines++;
    if (used >= CHUNK) {
      written += writeSync(fd, buf, 0, used);
      used = 0;
    }
  };
  let lastSecond = -1;
  let stampText = '';
  for (let pass = 0; written + used < size; pass++) {
    for (const l of t.lines) {
      const time = end - DAY_MS + lines * step;
      const second = Math.floor(time / 1000);
      if (second !== lastSecond) [lastSecond, stampText] = [second, stamp(time)];
      let msg = l.parts[0]!;
      for (let i = 0; i < l.slots.length; i++) {
        const id = t.ids[l.slots[i]!]!;
        msg += freshId(pass, l.slots[i]!, id.long) + l.parts[i + 1]!;
      }
      put(`${stampText} ${host} ${l.program}${l.pid === undefined ? '' : `[${l.pid}]`}: ${msg}\n`);
      if (!planted && written + used >= size / 2 && time >= flow.firstMs) {
        for (const p of flow.byHost.get('relay')!) put(p + '\n');
        planted = true;
      }
      if (written + used >= size) break;
    }
  }
  written += writeSync(fd, buf, 0, used);
  closeSync(fd);
  for (const h of ['servera', 'serverb'] as const) writeFileSync(files[h], flow.byHost.get(h)!.join('\n') + '\n');
  const data: BenchData = {
    files,
    size: statSync(files.relay).size,
    lines,
    templates: t.lines.length,
    corpusIds: t.ids.length,
    plantedIds: flow.ids,
    messageId: flow.messageId,
    plantedTime: flow.firstMs,
    generateMs: performance.now() - started,
  };
  writeFileSync(`${dir}/meta.json`, JSON.stringify(data, null, 2) + '\n');
  return data;
}

// The data of an earlier run when it is still there and as large, else a new one.
export function ensureData(size: number, dir = BENCH_DIR): { data: BenchData; reused: boolean } {
  try {
    const data = JSON.parse(readFileSync(`${dir}/meta.json`, 'utf8')) as BenchData;
    const fresh = Date.now() - data.plantedTime < DAY_MS / 2 + 3_600_000; // the flow stays inside --since 1d
    if (fresh && data.size >= size && statSync(data.files.relay).size === data.size && existsSync(data.files.serverb))
      return { data, reused: true };
  } catch {
    // none yet
  }
  return { data: generate(size, dir), reused: false };
}

export function removeData(dir = BENCH_DIR): void {
  rmSync(dir, { recursive: true, force: true });
}
