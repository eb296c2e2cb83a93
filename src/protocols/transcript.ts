// The S:/C: record of a dialogue, kept as evidence; bounded, secrets masked at the source.
const MAX_LINES = 200;
const MAX_LINE = 300;

export class Transcript {
  private readonly lines: string[] = [];
  private dropped = 0;

  server(text: string): void {
    this.add('S', text);
  }

  client(text: string): void {
    this.add('C', text);
  }

  note(text: string): void {
    this.add('#', text);
  }

  get all(): readonly string[] {
    return this.dropped === 0 ? [...this.lines] : [...this.lines, `# ${this.dropped} more lines not kept`];
  }

  private add(who: 'S' | 'C' | '#', text: string): void {
    if (this.lines.length >= MAX_LINES) {
      this.dropped++;
      return;
    }
    this.lines.push(`${who}: ${printable(text)}`);
  }
}

// Control bytes would garble a terminal; show them escaped, and cut very long lines.
export function printable(text: string): string {
  const shown = text.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return shown.length > MAX_LINE ? `${shown.slice(0, MAX_LINE)}... (${shown.length} chars)` : shown;
}
