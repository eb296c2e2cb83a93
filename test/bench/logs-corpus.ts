// The mail log lines of the shared corpus (real samples from other projects) as templates for the logs bench's
// 1 GiB maillog: each line's program, pid and message, with every postfix queue id it names cut out as a slot,
// so the generator can fill in fresh ids. Read in place (../shared/corpus), never copied into the project.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LONG_QUEUE_ID, SHORT_QUEUE_ID } from '../../src/logs/postfix-queue-id.js';

export const CORPUS_DIR =
  process.env.BENCH_CORPUS ?? fileURLToPath(new URL('../../../../shared/corpus', import.meta.url));

export interface LineTemplate {
  readonly program: string;
  readonly pid?: number;
  readonly parts: readonly string[]; // text, slot, text, slot, ..., text: parts.length = slots.length + 1
  readonly slots: readonly number[]; // per slot: the index of the corpus queue id in `ids`
}

export interface Templates {
  readonly lines: readonly LineTemplate[];
  readonly ids: readonly { readonly id: string; readonly long: boolean }[]; // every corpus queue id, once
}

const STAMP = String.raw`(?:\S+ +\d+ \d\d:\d\d:\d\d|%\(day\)s \d\d:\d\d:\d\d|\d{4}-\d\d-\d\dT\S+)`;
const FRAME = new RegExp(String.raw`^(?:[a-z]+\.[a-z]+: )?${STAMP} (?:[^\s[:]+ )?([^\s[:]+)(?:\[(\d+)\])?: (.+)$`);
// Where a message names a queue id: at its start, and the hand-offs ("queued as X", amavis' "queued_as: X").
const ID = `(${LONG_QUEUE_ID}|${SHORT_QUEUE_ID})`;
const ID_PLACES = [
  new RegExp(`^${ID}: `, 'g'),
  new RegExp(`queued as ${ID}\\b`, 'g'),
  new RegExp(`queued_as: ${ID}\\b`, 'g'),
  new RegExp(`Queue-ID: ${ID}\\b`, 'g'),
];
const LONG_ID = new RegExp(`^${LONG_QUEUE_ID}$`);

// program, pid, message of a framed syslog line; the sekoia file holds "test<TAB>appname<TAB>message" instead.
function messages(file: string, text: string): { program: string; pid?: number; message: string }[] {
  const out: { program: string; pid?: number; message: string }[] = [];
  for (const raw of text.split('\n')) {
    if (file.endsWith('.tsv')) {
      const [, program, message] = raw.split('\t');
      if (program && message && !raw.startsWith('#')) out.push({ program, message });
      continue;
    }
    const m = FRAME.exec(raw);
    if (m) out.push({ program: m[1]!, ...(m[2] ? { pid: Number(m[2]) } : {}), message: m[3]! });
  }
  return out;
}

export function loadTemplates(dir = `${CORPUS_DIR}/maillog`): Templates {
  const ids: { id: string; long: boolean }[] = [];
  const index = new Map<string, number>();
  const lines: LineTemplate[] = [];
  for (const file of readdirSync(dir).sort()) {
    for (const { program, pid, message } of messages(file, readFileSync(`${dir}/${file}`, 'utf8'))) {
      const found = new Set<string>();
      for (const re of ID_PLACES) for (const m of message.matchAll(re)) found.add(m[1]!);
      for (const id of found) {
        if (!index.has(id)) {
          index.set(id, ids.length);
          ids.push({ id, long: LONG_ID.test(id) });
        }
      }
      // Split the message on every occurrence of its ids (longest first, so no id cuts another).
      const parts: string[] = [];
      const slots: number[] = [];
      const alternation = [...found].sort((a, b) => b.length - a.length).join('|');
      let rest = message;
      if (alternation) {
        const re = new RegExp(alternation, 'g');
        let last = 0;
        for (const m of message.matchAll(re)) {
          parts.push(message.slice(last, m.index));
          slots.push(index.get(m[0])!);
          last = m.index + m[0].length;
        }
        rest = message.slice(last);
      }
      parts.push(rest);
      lines.push({ program, ...(pid === undefined ? {} : { pid }), parts, slots });
    }
  }
  return { lines, ids };
}
