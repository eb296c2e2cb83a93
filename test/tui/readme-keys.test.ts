// The README's keys table is generated from the key bindings (src/tui/keys.ts) by keysMarkdown(); this
// keeps it from drifting. To update: paste keysMarkdown()'s output between the markers.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { footerText, keysMarkdown } from '../../src/tui/help-text.js';
import { BINDINGS } from '../../src/tui/keys.js';

const README = new URL('../../README.md', import.meta.url);
const START = '<!-- keys:start (generated from src/tui/keys.ts by keysMarkdown() in src/tui/help-text.ts) -->';
const END = '<!-- keys:end -->';

function section(text: string): string | undefined {
  const from = text.indexOf(START);
  const to = text.indexOf(END);
  if (from === -1 || to < from) return undefined;
  return text.slice(from + START.length, to).trim();
}

describe("the README's keys section", () => {
  it('equals the table generated from the key bindings', () => {
    const readme = readFileSync(README, 'utf8');
    expect(section(readme), `README.md needs the generated table between\n${START}\nand ${END}`).toBe(keysMarkdown());
  });

  it('has one row per binding, every key named, and no cell split by a bare |', () => {
    const rows = keysMarkdown().split('\n').slice(2);
    expect(rows).toHaveLength(BINDINGS.length);
    for (const [i, b] of BINDINGS.entries()) {
      for (const k of b.keys) expect(rows[i]).toContain(`\`${k}\``);
      expect(rows[i]!.replace(/\\\|/g, '').split('|')).toHaveLength(4); // "", keys, description, ""
    }
  });
});

describe('the footer', () => {
  it('fits an 80-column terminal', () => {
    expect(footerText().length).toBeLessThanOrEqual(80);
  });
});
