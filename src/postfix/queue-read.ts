// Reads a postqueue listing (-j or -p) from a stream into a QueueSummary, line by line, so a queue of any
// size costs the summary's bounded memory and not the listing's size.
import { forEachLine } from './queue-lines.js';
import { parseQueueJsonLine } from './queue-json.js';
import { QueueSummary } from './queue-summary.js';
import { QueueTextParser, type QueueTextState } from './queue-text.js';
import type { QueuedMessage } from './queue-types.js';

export type QueueListingFormat = 'json' | 'text';

export interface QueueListing {
  readonly format: QueueListingFormat;
  readonly summary: QueueSummary;
  readonly lines: number;
  readonly malformed: number; // -j lines that were not a message object, -p lines that fit nowhere
  readonly overlong: number;
  readonly text?: QueueTextState; // -p only: header, "Mail queue is empty", trailer
}

export interface ReadQueueOptions {
  readonly nowSeconds: number; // the host's clock
  readonly utcOffsetMinutes?: number; // the host's zone, for -p arrival times
  readonly onMessage?: (m: QueuedMessage) => void; // each message as well, after the summary took it
}

export async function readQueueListing(
  source: AsyncIterable<Buffer | string>,
  format: QueueListingFormat,
  options: ReadQueueOptions,
): Promise<QueueListing> {
  const summary = new QueueSummary(options.nowSeconds);
  const { onMessage } = options;
  const add = onMessage
    ? (m: QueuedMessage): void => {
        summary.add(m);
        onMessage(m);
      }
    : (m: QueuedMessage): void => summary.add(m);
  let malformed = 0;
  if (format === 'json') {
    const stats = await forEachLine(source, (line) => {
      if (line.trim() === '') return;
      const m = parseQueueJsonLine(line);
      if (m) add(m);
      else malformed++;
    });
    return { format, summary, lines: stats.lines, malformed, overlong: stats.overlong };
  }
  const parser = new QueueTextParser(add, options.nowSeconds, options.utcOffsetMinutes ?? 0);
  const stats = await forEachLine(source, (line) => parser.line(line));
  const text = parser.end();
  return { format, summary, lines: stats.lines, malformed: text.unparsed, overlong: stats.overlong, text };
}
