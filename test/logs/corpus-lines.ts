// Test helper: the syslog lines of a corpus file taken apart by the real frame parser (src/logs/syslog-frame.ts)
// to hand the message part to a program parser.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseSyslogLine } from '../../src/logs/syslog-frame.js';

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

// modoboa's mail.log is a template: its own test fills the day in ("%(day)s 11:00:20 server postfix/...").
const fillTemplate = (line: string): string => line.replace(/^%\(day\)s /, 'Nov 16 ');
// The corpus was collected in December 2026; its stamps are read as UTC.
const FRAME_OPTIONS = { referenceTime: Date.UTC(2026, 11, 7), utcOffsetMinutes: 0 };

// Every line of the file: framed lines as CorpusLine, the rest (comments, blanks, unframed text) as strings.
export function corpusLines(path: string): Array<CorpusLine | string> {
  return corpusText(path)
    .split('\n')
    .map((raw, i) => {
      const parsed = parseSyslogLine(fillTemplate(raw), FRAME_OPTIONS);
      if (!parsed.framed || parsed.frame.program === undefined) return raw;
      const { program, pid, message } = parsed.frame;
      const line = { lineNo: i + 1, program, message, raw };
      return pid === undefined ? line : { ...line, pid };
    });
}

export function framed(path: string, program: RegExp): CorpusLine[] {
  return corpusLines(path).filter((l): l is CorpusLine => typeof l !== 'string' && program.test(l.program));
}
