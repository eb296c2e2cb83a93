// OX logs hold multi-line records: App Suite's logback layout ("2020-06-19T12:07:32,692+0000 ERROR [thread]
// logger" then the message, " key=value" MDC lines, exception and "\tat" stack lines, "Caused by:"), and OX6's
// java.util.logging two-line records ("Nov 25, 2026 2:27:01 PM com.openexchange.Foo method" then
// "SEVERE: text", and the trace after it). The assembler cuts a stream of lines into records at each header.

export interface OxRecordLines {
  readonly lines: readonly string[];
  readonly headed: boolean; // false for lines before the first header (the tail of a record read in the middle)
}

export const LOGBACK_HEADER =
  /^(\d{4,5}-\d\d-\d\d)[T ](\d\d:\d\d:\d\d),(\d{3})([+-]\d{4}|Z)? ([A-Z]+)\s+\[(.*?)\] (\S+)(?: (.*))?$/;
export const JUL_HEADER = /^([A-Z][a-z]{2} \d{1,2}, \d{4} \d{1,2}:\d\d:\d\d [AP]M) (\S+)(?: (\S+))?$/;

export function isOxRecordStart(line: string): boolean {
  return LOGBACK_HEADER.test(line) || JUL_HEADER.test(line);
}

// Streaming form: a record is complete when the next header comes (follow mode flushes on idle).
export class OxRecordAssembler {
  private current: string[] = [];
  private headed = false;

  push(line: string): OxRecordLines[] {
    if (!isOxRecordStart(line)) {
      this.current.push(line);
      return [];
    }
    const done = this.flush();
    this.current = [line];
    this.headed = true;
    return done;
  }

  flush(): OxRecordLines[] {
    const done = this.current.length > 0 ? [{ lines: this.current, headed: this.headed }] : [];
    this.current = [];
    return done;
  }
}

export function assembleOxRecords(lines: readonly string[]): OxRecordLines[] {
  const assembler = new OxRecordAssembler();
  return [...lines.flatMap((line) => assembler.push(line)), ...assembler.flush()];
}
