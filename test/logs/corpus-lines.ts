// Test helper: the syslog lines of a corpus file taken apart just enough to hand the message part to a program
// parser (the real frame parser is src/logs/syslog-frame.ts, owned and tested elsewhere). Handles the frames the
// corpus holds: RFC 3164 with or without a hostname (also the German "Mai" and modoboa's "%(day)s"
// placeholder), RFC 3339 stamps, and BusyBox's "mail.info: " prefix.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const corpusDir = fileURLToPath(new URL('../../../shared/corpus', import.meta.url));
export const haveCorpus = existsSync(corpusDir);

export function corpusText(path: string): string {
  return readFileSync(`${corpusDir}/${path}`, 'utf8');
}

export interface CorpusLine {
  readonly lineNo: number;
  readonly program: string;
  readonly pid?: number;
  readonly message: string;
  readonly raw: string;
}

const STAMP = String.raw`(?:\S+ +\d+ \d\d:\d\d:\d\d|%\(day\)s \d\d:\d\d:\d\d|\d{4}-\d\d-\d\dT\S+)`;
const FRAME = new RegExp(String.raw`^(?:[a-z]+\.[a-z]+: )?${STAMP} (?:([^\s[:]+) )?([^\s[:]+)(?:\[(\d+)\])?: (.*)$`);

// Every line of the file: framed lines as CorpusLine, the rest (comments, blanks, unframed text) as strings.
export function corpusLines(path: string): Array<CorpusLine | string> {
  return corpusText(path)
    .split('\n')
    .map((raw, i) => {
      const m = FRAME.exec(raw);
      if (!m) return raw;
      const line = { lineNo: i + 1, program: m[2]!, message: m[4]!, raw };
      return m[3] === undefined ? line : { ...line, pid: Number(m[3]) };
    });
}

export function framed(path: string, program: RegExp): CorpusLine[] {
  return corpusLines(path).filter((l): l is CorpusLine => typeof l !== 'string' && program.test(l.program));
}
