// Config text must be UTF-8: a UTF-16 file (as some Windows editors save) or a binary one would otherwise be
// parsed as garbage and reported with its NULs; a Latin-1 one would lose its umlauts without a word.
export type Decoded = { readonly text: string } | { readonly problem: string; readonly line?: number };

const UTF16_HINT = 'is UTF-16 text, expected UTF-8 (iconv -f UTF-16 -t UTF-8 converts it)';
const BINARY = 'is binary (it holds NUL bytes), expected UTF-8 text';

export function decodeUtf8(data: Buffer): Decoded {
  if (startsWith(data, [0xff, 0xfe, 0, 0]) || startsWith(data, [0, 0, 0xfe, 0xff])) {
    return { problem: 'is UTF-32 text, expected UTF-8 (iconv -f UTF-32 -t UTF-8 converts it)' };
  }
  if (startsWith(data, [0xff, 0xfe]) || startsWith(data, [0xfe, 0xff])) return { problem: UTF16_HINT };
  if (data.includes(0)) return { problem: looksUtf16(data) ? UTF16_HINT : BINARY };
  const body = startsWith(data, [0xef, 0xbb, 0xbf]) ? data.subarray(3) : data;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    return { text: decoder.decode(body) };
  } catch {
    return { problem: 'not UTF-8 text (saved as Latin-1?), expected UTF-8', line: firstBadLine(body) };
  }
}

function startsWith(data: Buffer, bytes: readonly number[]): boolean {
  return data.length >= bytes.length && bytes.every((b, i) => data[i] === b);
}

// ASCII written as UTF-16: every other byte of the first few hundred is NUL.
function looksUtf16(data: Buffer): boolean {
  const n = Math.min(data.length, 512) & ~1;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (data[i] === 0) even++;
    if (data[i + 1] === 0) odd++;
  }
  return n >= 4 && Math.max(even, odd) >= (n / 2) * 0.9 && Math.min(even, odd) === 0;
}

// A line feed never occurs inside a UTF-8 sequence, so each line can be checked on its own.
function firstBadLine(data: Buffer): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let start = 0;
  for (let line = 1; ; line++) {
    const end = data.indexOf(0x0a, start);
    try {
      decoder.decode(data.subarray(start, end === -1 ? data.length : end));
    } catch {
      return line;
    }
    if (end === -1) return line;
    start = end + 1;
  }
}
