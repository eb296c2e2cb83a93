// Help generated from the key table: the `?` screen, the footer, and the README's keys section.
import { BINDINGS, type Binding, type Command, type KeyGroup } from './keys.js';

const GROUP_TITLES: Record<KeyGroup, string> = { move: 'Move', view: 'View', act: 'Act' };

function keysLabel(b: Binding): string {
  return b.keys.join(' ');
}

// The bindings that work where `?` was pressed: the log pane's (its own, and the general ones with what they do
// there, less the keys the pane takes for itself), or everywhere else's.
export function bindingsIn(scope?: 'logs'): Binding[] {
  if (scope !== 'logs') return BINDINGS.filter((b) => b.scope === undefined);
  const own = new Set(BINDINGS.filter((b) => b.scope === 'logs').flatMap((b) => b.keys));
  return BINDINGS.filter((b) => b.scope === 'logs' || b.inLogs !== undefined)
    .map((b) => (b.scope === 'logs' ? b : { ...b, description: b.inLogs!, keys: b.keys.filter((k) => !own.has(k)) }))
    .filter((b) => b.keys.length > 0);
}

// Lines for the `?` screen: a title per group, then "keys  description".
export function helpLines(scope?: 'logs'): string[] {
  const bindings = bindingsIn(scope);
  const width = Math.max(...bindings.map((b) => keysLabel(b).length));
  const lines: string[] = [];
  for (const group of Object.keys(GROUP_TITLES) as KeyGroup[]) {
    lines.push(GROUP_TITLES[group]);
    for (const b of bindings.filter((x) => x.group === group))
      lines.push(`  ${keysLabel(b).padEnd(width)}  ${b.description}`);
  }
  return lines;
}

// The footer: "enter detail  / filter  f problems ...".
export function footerText(): string {
  return BINDINGS.filter((b) => b.footer)
    .map((b) => `${b.keys[0]} ${b.footer}`)
    .join('  ');
}

// The log pane's footer: its own keys (scope 'logs') before the general ones that work there.
const LOG_FOOTER: ReadonlyArray<readonly [Command, string]> = [
  ['pause', 'pause'],
  ['filter', 'filter'],
  ['trace', 'trace'],
  ['bottom', 'follow'],
  ['back', 'back'],
  ['help', 'help'],
];

export function logFooterText(): string {
  return LOG_FOOTER.map(([command, label]) => {
    const b =
      BINDINGS.find((x) => x.command === command && x.scope === 'logs') ?? BINDINGS.find((x) => x.command === command);
    return `${b?.keys[0] ?? '?'} ${label}`;
  }).join('  ');
}

// The README's keys table (kept in sync by test/tui/readme-keys.test.ts). A `|` is escaped even inside
// backticks: GitHub's tables split cells on it there too.
export function keysMarkdown(): string {
  const cell = (text: string): string => text.replace(/\|/g, '\\|');
  const rows = BINDINGS.map((b) => `| ${b.keys.map((k) => `\`${cell(k)}\``).join(' ')} | ${cell(b.description)} |`);
  return ['| keys | what they do |', '|---|---|', ...rows].join('\n');
}
