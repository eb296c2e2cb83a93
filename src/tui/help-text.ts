// Help generated from the key table: the `?` screen, the footer, and the README's keys section.
import { BINDINGS, inPane, type Binding, type Command, type KeyGroup, type Pane } from './keys.js';

const GROUP_TITLES: Record<KeyGroup, string> = { move: 'Move', view: 'View', act: 'Act' };

function keysLabel(b: Binding): string {
  return b.keys.join(' ');
}

const IN_PANE: Readonly<Record<Pane, (b: Binding) => string | undefined>> = {
  logs: (b) => b.inLogs,
  user: (b) => b.inUser,
};

// The bindings that work where `?` was pressed: a pane's (its own, and the general ones with what they do
// there, less the keys the pane takes for itself), or everywhere else's.
export function bindingsIn(scope?: Pane): Binding[] {
  if (scope === undefined) return BINDINGS.filter((b) => b.scope === undefined);
  const there = IN_PANE[scope];
  const own = new Set(BINDINGS.filter((b) => inPane(b, scope)).flatMap((b) => b.keys));
  return BINDINGS.filter((b) => inPane(b, scope) || there(b) !== undefined)
    .map((b) => (inPane(b, scope) ? b : { ...b, description: there(b)!, keys: b.keys.filter((k) => !own.has(k)) }))
    .filter((b) => b.keys.length > 0);
}

// Lines for the `?` screen: a title per group, then "keys  description".
export function helpLines(scope?: Pane): string[] {
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

// A pane's footer: its own keys (scope) before the general ones that work there.
function paneFooter(pane: Pane, labels: ReadonlyArray<readonly [Command, string]>): string {
  return labels
    .map(([command, label]) => {
      const b =
        BINDINGS.find((x) => x.command === command && inPane(x, pane)) ?? BINDINGS.find((x) => x.command === command);
      return `${b?.keys[0] ?? '?'} ${label}`;
    })
    .join('  ');
}

export function logFooterText(): string {
  return paneFooter('logs', [
    ['pause', 'pause'],
    ['filter', 'filter'],
    ['trace', 'trace'],
    ['bottom', 'follow'],
    ['back', 'back'],
    ['help', 'help'],
  ]);
}

export function userFooterText(): string {
  return paneFooter('user', [
    ['open', 'evidence'],
    ['send', 'send'],
    ['rerun', 'run'],
    ['user', 'user'],
    ['back', 'back'],
    ['help', 'help'],
  ]);
}

// The README's keys table (kept in sync by test/tui/readme-keys.test.ts). A `|` is escaped even inside
// backticks: GitHub's tables split cells on it there too.
export function keysMarkdown(): string {
  const cell = (text: string): string => text.replace(/\|/g, '\\|');
  const rows = BINDINGS.map((b) => `| ${b.keys.map((k) => `\`${cell(k)}\``).join(' ')} | ${cell(b.description)} |`);
  return ['| keys | what they do |', '|---|---|', ...rows].join('\n');
}
