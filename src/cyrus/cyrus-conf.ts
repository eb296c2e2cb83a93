// cyrus.conf: START / SERVICES / EVENTS / DAEMON blocks of "name key=value key="quoted value"" entries.

export type CyrusSection = 'START' | 'SERVICES' | 'EVENTS' | 'DAEMON' | (string & {});

export interface CyrusEntry {
  readonly section: CyrusSection;
  readonly name: string;
  readonly options: ReadonlyMap<string, string>; // cmd, listen, prefork, proto, period, at, ...
  readonly line: number;
}

export type CyrusListen =
  | { readonly kind: 'unix'; readonly path: string }
  | { readonly kind: 'inet'; readonly host?: string; readonly port?: number; readonly serviceName?: string };

export interface CyrusConf {
  readonly entries: readonly CyrusEntry[];
}

export function parseCyrusConf(text: string): CyrusConf {
  const entries: CyrusEntry[] = [];
  let section: string | null = null;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = stripComment(lines[i] ?? '').trim();
    if (line === '') continue;
    const open = /^([A-Za-z]+)\s*\{\s*$/.exec(line);
    if (open) {
      section = (open[1] ?? '').toUpperCase();
      continue;
    }
    if (line === '}') {
      section = null;
      continue;
    }
    if (section === null) continue;
    const entry = parseEntry(section, line, i + 1);
    if (entry) entries.push(entry);
  }
  return { entries };
}

// '#' starts a comment unless inside double quotes.
function stripComment(line: string): string {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '"') quoted = !quoted;
    else if (line[i] === '#' && !quoted) return line.slice(0, i);
  }
  return line;
}

function parseEntry(section: string, line: string, lineNo: number): CyrusEntry | null {
  const name = /^[A-Za-z0-9_-]+/.exec(line)?.[0];
  if (!name) return null;
  const options = new Map<string, string>();
  const re = /([A-Za-z_]+)=("([^"]*)"|\S+)/g;
  for (const m of line.slice(name.length).matchAll(re)) {
    options.set(m[1] ?? '', m[3] ?? m[2] ?? '');
  }
  return { section, name, options, line: lineNo };
}

const WELL_KNOWN_PORTS: Readonly<Record<string, number>> = {
  imap: 143,
  imaps: 993,
  pop3: 110,
  pop3s: 995,
  lmtp: 24,
  nntp: 119,
  nntps: 563,
};

// listen="imap" | "143" | "127.0.0.1:9993" | "localhost:sieve" | "[::1]:143" | "/var/lib/imap/socket/lmtp".
// "sieve" has no well-known port on purpose: RHEL5 /etc/services says 2000, newer ones 4190.
export function parseListen(listen: string): CyrusListen {
  if (listen.startsWith('/')) return { kind: 'unix', path: listen };
  let host: string | undefined;
  let port = listen;
  const bracket = /^\[([^\]]*)\]:(.+)$/.exec(listen);
  if (bracket) {
    host = bracket[1];
    port = bracket[2] ?? '';
  } else {
    const colon = listen.lastIndexOf(':');
    if (colon !== -1) {
      host = listen.slice(0, colon) || undefined;
      port = listen.slice(colon + 1);
    }
  }
  const base = host !== undefined ? { host } : {};
  if (/^\d+$/.test(port)) return { kind: 'inet', ...base, port: Number(port) };
  const known = WELL_KNOWN_PORTS[port];
  return { kind: 'inet', ...base, serviceName: port, ...(known !== undefined ? { port: known } : {}) };
}

export interface CyrusService {
  readonly name: string;
  readonly cmd: string;
  readonly listen: CyrusListen;
  readonly entry: CyrusEntry;
}

// The SERVICES entries that listen, with their listen= parsed.
export function cyrusServices(conf: CyrusConf): CyrusService[] {
  return conf.entries
    .filter((e) => e.section === 'SERVICES' && e.options.has('listen'))
    .map((e) => ({
      name: e.name,
      cmd: e.options.get('cmd') ?? '',
      listen: parseListen(e.options.get('listen') ?? ''),
      entry: e,
    }));
}

// The first service whose command starts with one of the daemons (e.g. "imapd" without -s, "timsieved", "lmtpd").
export function serviceByCommand(conf: CyrusConf, test: (argv: string[]) => boolean): CyrusService | undefined {
  return cyrusServices(conf).find((s) => test(commandArgv(s.cmd)));
}

// cmd="/usr/sbin/cyrus imapd -U 30" -> ["imapd", "-U", "30"] (Debian wraps daemons in /usr/sbin/cyrus).
export function commandArgv(cmd: string): string[] {
  const argv = cmd.trim().split(/\s+/).filter(Boolean);
  if (argv[0] && /(^|\/)cyrus$/.test(argv[0])) argv.shift();
  if (argv[0]) argv[0] = argv[0].replace(/^.*\//, '');
  return argv;
}
