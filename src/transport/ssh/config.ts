// ~/.ssh/config: enough of ssh_config(5) to reach a host the way `ssh ALIAS` would.
import { readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MAX_DURATION_SECONDS, MAX_SSH_CONFIG_BYTES } from '../../config/limits.js';
import { readLimitedFileSync, whyUnreadable } from '../../config/read-limited.js';
import { UserError } from '../../core/errors.js';
import type { SshTarget } from '../../core/host.js';
import { matchPattern, matchPatternList } from './host-pattern.js';

export interface SshConfigLine {
  readonly keyword: string; // lower case
  readonly args: readonly string[];
  readonly file: string;
  readonly line: number;
}

// What the oxdoctor config set explicitly; these win over ssh_config.
export interface SshOverrides {
  readonly hostname?: string;
  readonly port?: number;
  readonly user?: string;
  readonly identityFiles?: readonly string[];
  readonly identitiesOnly?: boolean;
  readonly knownHostsFiles?: readonly string[];
  readonly hostKeyAlias?: string;
  readonly proxyJump?: string;
  readonly connectTimeoutMs?: number;
  readonly keepaliveIntervalMs?: number;
  readonly maxChannels?: number;
  readonly helper?: boolean;
}

export interface ResolveOptions {
  // Files read in order, first value wins; default ~/.ssh/config then /etc/ssh/ssh_config.
  readonly configFiles?: readonly string[];
  readonly home?: string;
  readonly localUser?: string;
}

export const SSH_DEFAULTS = {
  port: 22,
  connectTimeoutMs: 10_000,
  keepaliveIntervalMs: 15_000,
  maxChannels: 8, // below OpenSSH's default MaxSessions of 10
} as const;

const DEFAULT_IDENTITIES = ['id_rsa', 'id_ecdsa', 'id_ed25519'];

// Splits "Keyword value", "Keyword=value" and double-quoted arguments; follows Include.
export function parseSshConfig(text: string, file: string, home: string, depth = 0): SshConfigLine[] {
  const out: SshConfigLine[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const trimmed = lines[i]!.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const m = /^(\S+?)(?:\s*=\s*|\s+)(.*)$/.exec(trimmed);
    if (!m) continue;
    const keyword = m[1]!.toLowerCase();
    const args = splitArgs(m[2]!);
    if (keyword === 'include') {
      if (depth >= 8) throw new UserError(`${file}:${i + 1}: Include nested too deeply`);
      for (const pattern of args) {
        for (const inc of expandInclude(pattern, file, home)) {
          // ssh skips an Include that names no file, and so does oxdoctor.
          const included = readConfigText(inc, `${file}:${i + 1}: Include ${inc}`);
          if (included !== null) out.push(...parseSshConfig(included, inc, home, depth + 1));
        }
      }
      continue;
    }
    out.push({ keyword, args, file, line: i + 1 });
  }
  return out;
}

// The text of an ssh_config file, null when there is none. Not oxdoctor's file, so not trusted to be a file:
// a FIFO would hold the open forever and /dev/zero fill memory; `what` starts the one line that says so.
function readConfigText(file: string, what: string): string | null {
  try {
    return readLimitedFileSync(file, MAX_SSH_CONFIG_BYTES).data.toString('utf8');
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw new UserError(`${what} ${whyUnreadable(err)}`);
  }
}

function splitArgs(text: string): string[] {
  const args: string[] = [];
  const re = /"([^"]*)"|(\S+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[2]?.startsWith('#')) break;
    args.push(m[1] ?? m[2]!);
  }
  return args;
}

// Relative includes are under ~/.ssh (user files) or /etc/ssh (system files); `*` globs the last part.
function expandInclude(pattern: string, fromFile: string, home: string): string[] {
  let p = expandTilde(pattern, home);
  if (!path.isAbsolute(p)) p = path.join(fromFile.startsWith('/etc/') ? '/etc/ssh' : path.join(home, '.ssh'), p);
  const dir = path.dirname(p);
  const base = path.basename(p);
  if (!/[*?]/.test(base)) return [p];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => matchPattern(n, base))
    .sort()
    .map((n) => path.join(dir, n));
}

function expandTilde(p: string, home: string): string {
  return p === '~' ? home : p.startsWith('~/') ? path.join(home, p.slice(2)) : p;
}

// The options that apply to `alias`, first value winning (IdentityFile accumulates).
export function lookupSshConfig(lines: readonly SshConfigLine[], alias: string): Map<string, string[][]> {
  const found = new Map<string, string[][]>();
  let active = true;
  for (const l of lines) {
    if (l.keyword === 'host') {
      active = matchPatternList(alias, l.args);
      continue;
    }
    if (l.keyword === 'match') {
      // Only "Match all" and "Match [original]host PATTERNS" are understood; other blocks are skipped.
      const [criterion, value] = l.args;
      const c = criterion?.toLowerCase();
      active =
        c === 'all' ||
        ((c === 'host' || c === 'originalhost') && value !== undefined && matchPatternList(alias, value.split(',')));
      continue;
    }
    if (!active) continue;
    const values = found.get(l.keyword);
    if (values === undefined) found.set(l.keyword, [[...l.args]]);
    else if (l.keyword === 'identityfile') values.push([...l.args]);
  }
  return found;
}

// Resolves a host alias into the target oxdoctor connects to, as `ssh ALIAS` would.
export function resolveSshTarget(alias: string, overrides: SshOverrides = {}, options: ResolveOptions = {}): SshTarget {
  const home = options.home ?? os.homedir();
  const localUser = options.localUser ?? os.userInfo().username;
  const files = options.configFiles ?? [path.join(home, '.ssh', 'config'), '/etc/ssh/ssh_config'];
  const lines = files.flatMap((f) => {
    const text = readConfigText(f, `ssh_config file ${f}`);
    return text === null ? [] : parseSshConfig(text, f, home);
  });
  const cfg = lookupSshConfig(lines, alias);
  const first = (k: string): string | undefined => cfg.get(k)?.[0]?.[0];
  const where = (k: string): string => {
    const l = lines.find((x) => x.keyword === k);
    return l ? `${l.file}:${l.line}` : 'ssh_config';
  };

  const proxyCommand = first('proxycommand');
  const jump = overrides.proxyJump ?? first('proxyjump');
  if (overrides.proxyJump === undefined && proxyCommand && proxyCommand.toLowerCase() !== 'none' && !jump) {
    throw new UserError(
      `${alias}: ProxyCommand (${where('proxycommand')}) is not supported`,
      'use ProxyJump, or set hostname/port for this host in the oxdoctor config',
    );
  }
  const proxyJump = jump && jump.toLowerCase() !== 'none' ? jump : undefined;
  if (proxyJump?.includes(',')) {
    throw new UserError(
      `${alias}: ProxyJump with more than one hop (${proxyJump}) is not supported`,
      'jump through one host',
    );
  }

  const hostname = overrides.hostname ?? expandTokens(first('hostname') ?? alias, { h: alias, n: alias });
  const port = overrides.port ?? portOption(first('port'), alias) ?? SSH_DEFAULTS.port;
  const user = overrides.user ?? first('user') ?? localUser;
  const tokens = { h: hostname, n: alias, p: String(port), r: user, u: localUser, d: home, l: os.hostname() };
  const expandPath = (p: string): string => expandTilde(expandTokens(p, tokens), home);

  const configured = (cfg.get('identityfile') ?? []).flat().filter((f) => f.toLowerCase() !== 'none');
  const identityFiles =
    overrides.identityFiles ??
    (configured.length > 0 ? configured : DEFAULT_IDENTITIES.map((n) => path.join('~', '.ssh', n))).map(expandPath);
  const identitiesOnly = overrides.identitiesOnly ?? yesNoOption(first('identitiesonly'), 'IdentitiesOnly', alias);
  const userKnown = cfg.get('userknownhostsfile')?.[0] ?? ['~/.ssh/known_hosts', '~/.ssh/known_hosts2'];
  const globalKnown = cfg.get('globalknownhostsfile')?.[0] ?? ['/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2'];
  const knownHostsFiles =
    overrides.knownHostsFiles ??
    [...userKnown, ...globalKnown].filter((f) => f.toLowerCase() !== 'none').map(expandPath);

  const timeoutSeconds = numberOption(first('connecttimeout'), 'ConnectTimeout', alias);
  const aliveSeconds = numberOption(first('serveraliveinterval'), 'ServerAliveInterval', alias);
  const hostKeyAlias = overrides.hostKeyAlias ?? first('hostkeyalias');
  return {
    hostname,
    port,
    user,
    identityFiles,
    ...(identitiesOnly !== undefined ? { identitiesOnly } : {}),
    knownHostsFiles,
    ...(hostKeyAlias !== undefined ? { hostKeyAlias } : {}),
    ...(proxyJump !== undefined ? { proxyJump } : {}),
    connectTimeoutMs: overrides.connectTimeoutMs ?? durationMs(timeoutSeconds) ?? SSH_DEFAULTS.connectTimeoutMs,
    keepaliveIntervalMs: overrides.keepaliveIntervalMs ?? durationMs(aliveSeconds) ?? SSH_DEFAULTS.keepaliveIntervalMs,
    maxChannels: overrides.maxChannels ?? SSH_DEFAULTS.maxChannels,
    ...(overrides.helper !== undefined ? { helper: overrides.helper } : {}),
  };
}

// "%h", "%p", "%r", "%u", "%d", "%n", "%l" and "%%" as ssh_config(5) TOKENS describes them.
export function expandTokens(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(/%(.)/g, (whole, t: string) => (t === '%' ? '%' : (values[t] ?? whole)));
}

function numberOption(value: string | undefined, name: string, alias: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new UserError(`${alias}: ssh_config ${name} must be a whole number, got "${value}"`);
  return n;
}

function portOption(value: string | undefined, alias: string): number | undefined {
  const port = numberOption(value, 'Port', alias);
  if (port !== undefined && (port < 1 || port > 65535)) {
    throw new UserError(`${alias}: ssh_config Port must be 1 to 65535, got "${value}"`);
  }
  return port;
}

// ssh_config seconds in ms, at most an hour as in the oxdoctor config: Node's timers overflow at 2^31 ms
// and fire at once. ssh takes any value, so a bigger one is capped, not refused; 0 (for ConnectTimeout ssh's
// "none of its own", for ServerAliveInterval "off") leaves oxdoctor's default.
function durationMs(seconds: number | undefined): number | undefined {
  return seconds === undefined || seconds === 0 ? undefined : Math.min(seconds, MAX_DURATION_SECONDS) * 1000;
}

function yesNoOption(value: string | undefined, name: string, alias: string): boolean | undefined {
  if (value === undefined) return undefined;
  const v = value.toLowerCase();
  if (v === 'yes' || v === 'no') return v === 'yes';
  throw new UserError(`${alias}: ssh_config ${name} must be yes or no, got "${value}"`);
}

// "[user@]host[:port]" as ProxyJump writes a hop.
export function parseJumpSpec(spec: string): { host: string; user?: string; port?: number } {
  const m = /^(?:([^@]+)@)?(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(spec.trim());
  if (!m) throw new UserError(`ProxyJump "${spec}" is not of the form [user@]host[:port]`);
  const host = m[2]!.replace(/^\[|\]$/g, '');
  return { host, ...(m[1] ? { user: m[1] } : {}), ...(m[3] ? { port: Number(m[3]) } : {}) };
}
