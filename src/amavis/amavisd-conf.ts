// amavisd.conf (Perl): the one-line assignments "$name = value;" and "@name = (...);" of its config files,
// read in order so that a later assignment wins, as when amavisd evaluates them one after another.

export interface AmavisAssignment {
  readonly value: string; // the right-hand side, a single quoted string unquoted ('...' or "...", \@ unescaped)
  readonly file: string;
  readonly line: number; // 1-based
}

export type AmavisConf = ReadonlyMap<string, AmavisAssignment>; // "$final_spam_destiny", "@bypass_spam_checks_maps"

const ASSIGNMENT = /^\s*([$@][A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*;\s*(?:#.*)?$/;

export function parseAmavisConf(files: readonly { readonly path: string; readonly text: string }[]): AmavisConf {
  const out = new Map<string, AmavisAssignment>();
  for (const { path, text } of files) {
    const lines = text.split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
      const m = ASSIGNMENT.exec(lines[i] ?? '');
      if (!m?.[1] || m[2] === undefined) continue;
      out.set(m[1], { value: unquote(m[2]), file: path, line: i + 1 });
    }
  }
  return out;
}

function unquote(value: string): string {
  const m = /^(['"])(.*)\1$/.exec(value);
  if (!m) return value;
  return m[1] === '"' ? (m[2] ?? '').replace(/\\(.)/g, '$1') : (m[2] ?? '');
}
