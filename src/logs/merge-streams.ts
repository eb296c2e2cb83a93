// A k-way merge of streams that are each in time order (each source's lines): always the oldest head next, so
// the output is in time order across hosts with one batch per stream in memory. Untimed lines go out at once.
import type { LogLine } from './types.js';

interface Head {
  readonly it: AsyncIterator<LogLine[]>;
  batch: LogLine[];
  at: number;
}

export async function* mergeByTime(streams: readonly AsyncIterable<LogLine[]>[]): AsyncGenerator<LogLine[]> {
  const heads: Head[] = [];
  try {
    await Promise.all(
      streams.map(async (s) => {
        const head: Head = { it: s[Symbol.asyncIterator](), batch: [], at: 0 };
        if (await refill(head)) heads.push(head);
      }),
    );
    while (heads.length > 0) {
      const out: LogLine[] = [];
      // Take from the oldest head until another head is older or the batch ends.
      let i = oldest(heads);
      const head = heads[i]!;
      const next = heads.reduce((m, h) => (h === head ? m : Math.min(m, h.batch[h.at]!.time ?? -Infinity)), Infinity);
      while (head.at < head.batch.length && (head.batch[head.at]!.time ?? -Infinity) <= next) {
        out.push(head.batch[head.at++]!);
      }
      if (head.at >= head.batch.length && !(await refill(head))) {
        i = heads.indexOf(head);
        heads.splice(i, 1);
      }
      if (out.length > 0) yield out;
    }
  } finally {
    await Promise.allSettled(heads.map((h) => h.it.return?.()));
  }
}

async function refill(head: Head): Promise<boolean> {
  for (;;) {
    const r = await head.it.next();
    if (r.done) return false;
    if (r.value.length > 0) {
      head.batch = r.value;
      head.at = 0;
      return true;
    }
  }
}

function oldest(heads: readonly Head[]): number {
  let best = 0;
  for (let i = 1; i < heads.length; i++) {
    if ((heads[i]!.batch[heads[i]!.at]!.time ?? -Infinity) < (heads[best]!.batch[heads[best]!.at]!.time ?? -Infinity))
      best = i;
  }
  return best;
}
