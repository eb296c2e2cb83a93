// Streamed output of a long-running command: through the redactor, waiting for the terminal or pipe when it
// falls behind (memory stays bounded however many lines a search finds).
import { once } from 'node:events';
import type { CliIO } from './io.js';

export interface LineWriter {
  write(lines: readonly string[]): Promise<void>;
  readonly count: number; // lines written so far
}

export function lineWriter(io: CliIO): LineWriter {
  let count = 0;
  return {
    get count() {
      return count;
    },
    async write(lines) {
      if (lines.length === 0) return;
      count += lines.length;
      const ok = io.stdout.write(io.redactor.redact(`${lines.join('\n')}\n`));
      if (!ok && !io.stdout.writableEnded) await once(io.stdout, 'drain');
    },
  };
}
