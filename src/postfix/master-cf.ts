// master.cf: one service per logical line, eight fields, "-o" overrides (short and postfix 3 long form).
import { matchingClose } from './main-cf.js';

export type ServiceType = 'inet' | 'unix' | 'unix-dgram' | 'fifo' | 'pass' | (string & {});

export interface MasterService {
  readonly name: string; // as written: "smtp", "127.0.0.1:10025", ":10026", "procmail"
  readonly type: ServiceType;
  // null means "-": the built-in default (private y, unpriv y, chroot n since postfix 3.0, y before).
  readonly private: boolean | null;
  readonly unpriv: boolean | null;
  readonly chroot: boolean | null;
  readonly wakeup: { readonly seconds: number; readonly onlyAfterUse: boolean } | null;
  readonly maxproc: number | null; // null means $default_process_limit
  readonly command: string; // "smtpd", "pipe", "cleanup"
  readonly args: readonly string[]; // command arguments other than -o, braces removed
  readonly overrides: ReadonlyMap<string, string>; // -o name=value, in order, last wins
  readonly line: number; // 1-based start of the logical line
}

export function parseMasterCf(text: string): MasterService[] {
  const services: MasterService[] = [];
  for (const { text: logical, line } of logicalLines(text)) {
    const service = toService(tokenize(logical), line);
    if (service) services.push(service);
  }
  return services;
}

function logicalLines(text: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const last = out[out.length - 1];
    if (/^\s/.test(raw) && last) last.text += ' ' + trimmed;
    else out.push({ text: trimmed, line: i + 1 });
  }
  return out;
}

// Whitespace-separated tokens; braces (balanced) keep whitespace inside one token, like postfix's mystrtokq.
function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i] ?? '')) i++;
    if (i >= text.length) break;
    let token = '';
    while (i < text.length && !/\s/.test(text[i] ?? '')) {
      if (text[i] === '{') {
        const close = matchingClose(text, i);
        const end = close === -1 ? text.length - 1 : close;
        token += text.slice(i, end + 1);
        i = end + 1;
      } else {
        token += text[i];
        i++;
      }
    }
    tokens.push(token);
  }
  return tokens;
}

function toService(tokens: string[], line: number): MasterService | null {
  if (tokens.length < 8) return null;
  const [name, type, priv, unpriv, chroot, wakeup, maxproc, command, ...rest] = tokens as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    ...string[],
  ];
  const overrides = new Map<string, string>();
  const args: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const tok = rest[i] ?? '';
    if (tok === '-o' && i + 1 < rest.length) {
      addOverride(overrides, rest[++i] ?? '');
    } else if (tok.startsWith('-o') && tok.length > 2) {
      addOverride(overrides, tok.slice(2));
    } else {
      args.push(unbrace(tok));
    }
  }
  return {
    name,
    type,
    private: yesNo(priv),
    unpriv: yesNo(unpriv),
    chroot: yesNo(chroot),
    wakeup: parseWakeup(wakeup),
    maxproc: maxproc === '-' ? null : toInt(maxproc),
    command,
    args,
    overrides,
    line,
  };
}

function addOverride(overrides: Map<string, string>, token: string): void {
  const body = unbrace(token);
  const eq = body.indexOf('=');
  if (eq <= 0) return;
  overrides.set(body.slice(0, eq).trim(), body.slice(eq + 1).trim());
}

function unbrace(token: string): string {
  return token.startsWith('{') && token.endsWith('}') ? token.slice(1, -1).trim() : token;
}

function yesNo(field: string): boolean | null {
  if (field === 'y') return true;
  if (field === 'n') return false;
  return null;
}

function parseWakeup(field: string): MasterService['wakeup'] {
  if (field === '-') return null;
  const onlyAfterUse = field.endsWith('?');
  const seconds = toInt(onlyAfterUse ? field.slice(0, -1) : field);
  return seconds === null ? null : { seconds, onlyAfterUse };
}

function toInt(s: string): number | null {
  return /^\d+$/.test(s) ? Number(s) : null;
}

// Well-known names master.cf uses for inet services; anything else resolves through the host's /etc/services.
const WELL_KNOWN_PORTS: Readonly<Record<string, number>> = {
  smtp: 25,
  smtps: 465,
  submissions: 465,
  submission: 587,
  lmtp: 24,
};

export interface InetListener {
  readonly service: MasterService;
  readonly address?: string; // undefined: every address in inet_interfaces
  readonly port?: number; // numeric or a well-known name
  readonly serviceName?: string; // set when the port was given by name
  readonly overrides: ReadonlyMap<string, string>;
}

export function inetListeners(services: readonly MasterService[]): InetListener[] {
  return services
    .filter((s) => s.type === 'inet')
    .map((s) => ({ service: s, ...splitInetName(s.name), overrides: s.overrides }));
}

// "smtp", "10025", ":10026", "127.0.0.1:10025", "localhost:11025", "[::1]:25", "::1:smtp"
export function splitInetName(name: string): { address?: string; port?: number; serviceName?: string } {
  let address: string | undefined;
  let portText = name;
  const bracket = /^\[([^\]]*)\]:(.+)$/.exec(name);
  if (bracket) {
    address = bracket[1];
    portText = bracket[2] ?? '';
  } else {
    const colon = name.lastIndexOf(':');
    if (colon !== -1) {
      address = name.slice(0, colon) || undefined;
      portText = name.slice(colon + 1);
    }
  }
  const out: { address?: string; port?: number; serviceName?: string } = {};
  if (address !== undefined) out.address = address;
  if (/^\d+$/.test(portText)) {
    out.port = Number(portText);
  } else {
    out.serviceName = portText;
    const known = WELL_KNOWN_PORTS[portText];
    if (known !== undefined) out.port = known;
  }
  return out;
}

// The service a transport name like "smtp-amavis" refers to (unix services are looked up by name).
export function findService(
  services: readonly MasterService[],
  name: string,
  type?: ServiceType,
): MasterService | undefined {
  // When a service is defined twice, postfix keeps the last definition.
  for (let i = services.length - 1; i >= 0; i--) {
    const s = services[i];
    if (s && s.name === name && (type === undefined || s.type === type)) return s;
  }
  return undefined;
}
