// Splits a byte stream into lines as it arrives: memory is bounded by the longest line kept, never by the
// whole output. A line longer than maxLineChars is dropped (and counted) rather than buffered.
import { StringDecoder } from 'node:string_decoder';

export const DEFAULT_MAX_LINE_CHARS = 4 * 1024 * 1024;

export interface LineStats {
  lines: number;
  overlong: number;
}

export async function forEachLine(
  source: AsyncIterable<Buffer | string>,
  onLine: (line: string) => void,
  maxLineChars = DEFAULT_MAX_LINE_CHARS,
): Promise<LineStats> {
  const decoder = new StringDecoder('utf8');
  const stats: LineStats = { lines: 0, overlong: 0 };
  let rest = '';
  let skipping = false; // inside an overlong line, until its newline
  const emit = (line: string): void => {
    stats.lines++;
    onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
  };
  for await (const chunk of source) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    let start = 0;
    let nl = text.indexOf('\n');
    while (nl !== -1) {
      if (skipping) skipping = false;
      else if (rest.length + nl - start > maxLineChars) stats.overlong++;
      else emit(rest === '' ? text.slice(start, nl) : rest + text.slice(start, nl));
      rest = '';
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    if (skipping) continue;
    rest += text.slice(start);
    if (rest.length > maxLineChars) {
      stats.overlong++;
      rest = '';
      skipping = true;
    }
  }
  rest += decoder.end();
  if (!skipping && rest !== '') {
    if (rest.length > maxLineChars) stats.overlong++;
    else emit(rest);
  }
  return stats;
}
