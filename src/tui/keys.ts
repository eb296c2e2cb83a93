// The key bindings, as data: the reducer looks commands up here, and `?` help, the footer and the
// README's keys section are generated from this table.
export type Command =
  | 'down'
  | 'up'
  | 'page-down'
  | 'page-up'
  | 'top'
  | 'bottom'
  | 'open'
  | 'back'
  | 'filter'
  | 'problems'
  | 'rerun'
  | 'rerun-all'
  | 'command'
  | 'help'
  | 'quit'
  | 'logs'
  | 'pause'
  | 'trace'
  | 'left'
  | 'right'
  | 'user'
  | 'send';

export type KeyGroup = 'move' | 'view' | 'act';

// The panes with keys of their own: the log pane (`l`) and the user view (`u`).
export type Pane = 'logs' | 'user';

export interface Binding {
  readonly command: Command;
  readonly keys: readonly string[]; // names from keyName(): 'j', 'down', 'enter', 'ctrl+c' ...
  readonly description: string;
  readonly group: KeyGroup;
  readonly footer?: string; // short label for the footer line, when the key belongs there
  readonly scope?: Pane | readonly Pane[]; // only in these panes, where it comes before the general bindings
  readonly inLogs?: string; // a general binding that works in the log pane too: what it does there
  readonly inUser?: string; // a general binding that works in the user view too: what it does there
}

export function inPane(b: Binding, pane: Pane): boolean {
  return b.scope === pane || (Array.isArray(b.scope) && b.scope.includes(pane));
}

export const BINDINGS: readonly Binding[] = [
  {
    command: 'down',
    keys: ['j', 'down'],
    description: 'next row (in the detail view: scroll down)',
    group: 'move',
    inLogs: 'next line',
    inUser: "next hop (in a hop's evidence: scroll down)",
  },
  {
    command: 'up',
    keys: ['k', 'up'],
    description: 'previous row (in the detail view: scroll up)',
    group: 'move',
    inLogs: 'previous line (leaving the newest line pauses the stream)',
    inUser: "previous hop (in a hop's evidence: scroll up)",
  },
  {
    command: 'page-down',
    keys: ['pgdn', 'ctrl+d', 'space'],
    description: 'one page down',
    group: 'move',
    inLogs: 'one page down',
    inUser: "a hop's evidence: one page down",
  },
  {
    command: 'page-up',
    keys: ['pgup', 'ctrl+u'],
    description: 'one page up',
    group: 'move',
    inLogs: 'one page up',
    inUser: "a hop's evidence: one page up",
  },
  {
    command: 'top',
    keys: ['g', 'home'],
    description: 'first row',
    group: 'move',
    inLogs: 'oldest line kept',
    inUser: 'first hop (in the evidence: its top)',
  },
  {
    command: 'bottom',
    keys: ['G', 'end'],
    description: 'last row',
    group: 'move',
    inLogs: 'newest line: follow the stream again',
    inUser: 'last hop (in the evidence: its end)',
  },
  {
    command: 'open',
    keys: ['enter'],
    description: 'details of the selected check: summary, hint, evidence, metrics',
    group: 'view',
    footer: 'open',
    inUser: "the selected hop's evidence: each check's steps and output",
  },
  {
    command: 'back',
    keys: ['esc'],
    description: 'back to the overview; clears the filter there',
    group: 'view',
    footer: 'back',
    inLogs: 'back to where l was pressed (from a trace: to the stream)',
    inUser: 'back to where u was pressed (from evidence: to the path)',
  },
  {
    command: 'filter',
    keys: ['/'],
    description: 'filter on host, check and summary (text or regex)',
    group: 'view',
    footer: 'filter',
    inLogs: 'filter lines on host, source or text (text or regex)',
  },
  {
    command: 'logs',
    keys: ['l'],
    description: "the log pane: every host's logs as one live stream",
    group: 'view',
    footer: 'logs',
  },
  {
    command: 'left',
    keys: ['left', 'h'],
    scope: 'logs',
    description: 'log pane and trace: scroll left (lines longer than the screen)',
    group: 'move',
  },
  {
    command: 'right',
    keys: ['right'],
    scope: 'logs',
    description: 'log pane and trace: scroll right',
    group: 'move',
  },
  {
    command: 'pause',
    keys: ['space'],
    scope: 'logs',
    description: 'log pane: pause or resume (counting the lines that arrive)',
    group: 'view',
  },
  {
    command: 'back',
    keys: ['q'],
    scope: ['logs', 'user'],
    description: 'log pane, trace and user view: back, as esc (ctrl+c quits)',
    group: 'view',
  },
  { command: 'problems', keys: ['f'], description: 'problems only (toggle)', group: 'view', footer: 'problems' },
  {
    command: 'command',
    keys: [':'],
    description: 'command: `:host NAME`, `:check ID|GROUP`, `:all` clears, `:q` quits',
    group: 'view', // not in the footer: it has room for 80 columns, and `?` lists it
  },
  {
    command: 'help',
    keys: ['?'],
    description: 'this help (toggle)',
    group: 'view',
    footer: 'help',
    inLogs: 'this help (toggle)',
    inUser: 'this help (toggle)',
  },
  {
    command: 'rerun',
    keys: ['r'],
    description: 're-run the selected check',
    group: 'act',
    footer: 'run',
    inUser: "re-run the user's checks",
  },
  {
    command: 'rerun-all',
    keys: ['R'],
    description: 're-run every check now (in the background; one sweep at a time)',
    group: 'act',
    footer: 'all',
  },
  {
    command: 'trace',
    keys: ['t'],
    scope: 'logs',
    description: "log pane: trace the selected line's queue id or Message-ID",
    group: 'act',
  },
  {
    command: 'user',
    keys: ['u'],
    description: 'one user end to end (oxdoctor user): asks who, shows the path',
    group: 'act', // not in the footer (80 columns); `?` lists it
    inUser: 'another user: asks for a login or address',
  },
  {
    command: 'send',
    keys: ['s'],
    scope: 'user',
    description: 'user view: send a marked test message (asks y/n first)',
    group: 'act',
  },
  {
    command: 'quit',
    keys: ['q', 'ctrl+c'],
    description: 'quit',
    group: 'act',
    footer: 'quit',
    inLogs: 'quit',
    inUser: 'quit',
  },
];

const byKey = (bindings: readonly Binding[]): ReadonlyMap<string, Command> =>
  new Map(bindings.flatMap((b) => b.keys.map((k) => [k, b.command] as const)));
const BY_KEY = byKey(BINDINGS.filter((b) => b.scope === undefined));
const IN_PANE: Readonly<Record<Pane, ReadonlyMap<string, Command>>> = {
  logs: byKey(BINDINGS.filter((b) => inPane(b, 'logs'))),
  user: byKey(BINDINGS.filter((b) => inPane(b, 'user'))),
};

export function commandFor(name: string, scope?: Pane): Command | undefined {
  return (scope ? IN_PANE[scope].get(name) : undefined) ?? BY_KEY.get(name);
}

// The subset of Ink's Key we read (kept structural so the reducer needs no Ink).
export interface KeyInfo {
  readonly upArrow?: boolean;
  readonly downArrow?: boolean;
  readonly leftArrow?: boolean;
  readonly rightArrow?: boolean;
  readonly pageUp?: boolean;
  readonly pageDown?: boolean;
  readonly home?: boolean;
  readonly end?: boolean;
  readonly return?: boolean;
  readonly escape?: boolean;
  readonly ctrl?: boolean;
  readonly meta?: boolean;
  readonly backspace?: boolean;
  readonly delete?: boolean;
  readonly tab?: boolean;
}

// One name per key press, as the table spells it.
// One read of the terminal as key names: several plain characters in one read are several presses.
export function keyNames(input: string, key: KeyInfo): string[] {
  if (input.length <= 1 || key.ctrl || key.meta) return [keyName(input, key)];
  return [...input].map((ch) => (ch === '\r' || ch === '\n' ? 'enter' : ch === ' ' ? 'space' : ch));
}

export function keyName(input: string, key: KeyInfo): string {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pgup';
  if (key.pageDown) return 'pgdn';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.return) return 'enter';
  if (key.escape) return 'esc';
  if (key.backspace || key.delete) return 'backspace';
  if (key.tab) return 'tab';
  if (key.ctrl && input) return `ctrl+${input.toLowerCase()}`;
  if (input === ' ') return 'space';
  return input;
}
