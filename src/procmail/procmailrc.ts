// procmailrc(5): variable assignments and recipes (":0 flags[:lock]", "*" conditions, one action line:
// "| program" pipes, "! address" forwards, "{ ... }" nests a block, anything else names a mailbox).
// What postfix's procmail pipe will run depends on it: the programs it pipes to and the files they read.

export interface ProcmailAssignment {
  readonly name: string;
  readonly value: string; // quotes removed, variables not expanded
  readonly line: number;
}

export type ProcmailAction =
  | { readonly kind: 'pipe'; readonly command: string; readonly words: readonly string[] }
  | { readonly kind: 'forward'; readonly to: string }
  | { readonly kind: 'mailbox'; readonly path: string }
  | { readonly kind: 'block'; readonly recipes: readonly ProcmailRecipe[] };

export interface ProcmailRecipe {
  readonly line: number; // of the ":0"
  readonly actionLine: number;
  readonly flags: string;
  readonly conditions: readonly string[];
  readonly action: ProcmailAction;
  // A filter (f) or copy (c) recipe lets the mail go on; any other ends procmail's run when it matches.
  readonly delivering: boolean;
}

export interface Procmailrc {
  readonly assignments: readonly ProcmailAssignment[];
  readonly recipes: readonly ProcmailRecipe[];
}

interface Line {
  readonly text: string;
  readonly line: number;
}

export function parseProcmailrc(text: string): Procmailrc {
  const lines = logicalLines(text);
  const assignments: ProcmailAssignment[] = [];
  const recipes = parseBlock(lines, { i: 0 }, assignments, false);
  return { assignments, recipes };
}

// Comment and blank lines dropped, backslash-continued lines joined.
function logicalLines(text: string): Line[] {
  const out: Line[] = [];
  const raw = text.split(/\r?\n/);
  for (let i = 0; i < raw.length; i++) {
    let t = (raw[i] ?? '').trim();
    const start = i + 1;
    while (t.endsWith('\\') && i + 1 < raw.length) t = t.slice(0, -1) + ' ' + (raw[++i] ?? '').trim();
    if (t === '' || t.startsWith('#')) continue;
    out.push({ text: t, line: start });
  }
  return out;
}

function parseBlock(lines: Line[], pos: { i: number }, assignments: ProcmailAssignment[], nested: boolean) {
  const recipes: ProcmailRecipe[] = [];
  while (pos.i < lines.length) {
    const { text, line } = lines[pos.i]!;
    if (nested && text === '}') {
      pos.i++;
      return recipes;
    }
    const recipe = /^:0([^:]*)(?::.*)?$/.exec(text);
    if (recipe) {
      pos.i++;
      recipes.push(parseRecipe(lines, pos, assignments, line, (recipe[1] ?? '').trim()));
      continue;
    }
    const assign = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(text);
    if (assign) assignments.push({ name: assign[1]!, value: unquote(assign[2] ?? ''), line });
    pos.i++;
  }
  return recipes;
}

function parseRecipe(
  lines: Line[],
  pos: { i: number },
  assignments: ProcmailAssignment[],
  line: number,
  flags: string,
): ProcmailRecipe {
  const conditions: string[] = [];
  while (pos.i < lines.length && lines[pos.i]!.text.startsWith('*'))
    conditions.push(lines[pos.i++]!.text.slice(1).trim());
  const actionLine = pos.i < lines.length ? lines[pos.i]!.line : line;
  const text = pos.i < lines.length ? lines[pos.i++]!.text : '';
  let action: ProcmailAction;
  if (text.startsWith('{')) {
    const rest = text.slice(1).trim();
    // "{ }" on one line, or a block that runs until its own "}".
    action = { kind: 'block', recipes: rest === '}' ? [] : parseBlock(lines, pos, assignments, true) };
  } else if (text.startsWith('|')) {
    const command = text.slice(1).trim();
    action = { kind: 'pipe', command, words: shellWords(command) };
  } else if (text.startsWith('!')) {
    action = { kind: 'forward', to: text.slice(1).trim() };
  } else {
    action = { kind: 'mailbox', path: text };
  }
  const delivering = action.kind !== 'block' && !/[fc]/.test(flags);
  return { line, actionLine, flags, conditions, action, delivering };
}

function unquote(value: string): string {
  const v = value.trim();
  if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v.endsWith(v[0])) return v.slice(1, -1);
  return v;
}

// Words as sh splits them: single and double quotes group, backslash escapes; no expansion.
export function shellWords(command: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < command.length) word = (word ?? '') + command[++i]!;
      else word = (word ?? '') + c;
    } else if (c === '"' || c === "'") {
      quote = c;
      word ??= '';
    } else if (c === '\\' && i + 1 < command.length) {
      word = (word ?? '') + command[++i]!;
    } else if (/\s/.test(c)) {
      if (word !== null) words.push(word);
      word = null;
    } else {
      word = (word ?? '') + c;
    }
  }
  if (word !== null) words.push(word);
  return words;
}

// Every pipe recipe, nested blocks included, in file order.
export function pipeRecipes(rc: Procmailrc): ProcmailRecipe[] {
  const out: ProcmailRecipe[] = [];
  const walk = (recipes: readonly ProcmailRecipe[]) => {
    for (const r of recipes) {
      if (r.action.kind === 'pipe') out.push(r);
      else if (r.action.kind === 'block') walk(r.action.recipes);
    }
  };
  walk(rc.recipes);
  return out;
}

// The value a variable last got in the file (procmail reads top to bottom), else procmail's default.
export function variable(rc: Procmailrc, name: string): string | undefined {
  const last = rc.assignments.filter((a) => a.name === name).at(-1);
  return last?.value ?? PROCMAIL_DEFAULTS[name];
}

const PROCMAIL_DEFAULTS: Readonly<Record<string, string>> = { SENDMAIL: '/usr/sbin/sendmail' };

// The program a pipe runs: its first word, with a leading $VAR (procmail's $SENDMAIL) resolved.
export function pipeProgram(rc: Procmailrc, words: readonly string[]): string | undefined {
  const first = words.find((w) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w)); // "VAR=x prog" runs prog
  if (first === undefined) return undefined;
  const v = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(first);
  return v ? variable(rc, v[1]!) : first;
}

// Files a pipe's arguments name: absolute paths, alone or as "--option=/path" (altermime's disclaimers).
export function argumentFiles(words: readonly string[]): string[] {
  const files: string[] = [];
  for (const w of words.slice(1)) {
    const value = /^-[^=]*=(.*)$/.exec(w)?.[1] ?? w;
    if (value.startsWith('/') && !value.includes('$') && value !== '/dev/null') files.push(value);
  }
  return [...new Set(files)];
}
