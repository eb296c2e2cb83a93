// pipe(8) services of master.cf ("flags=R user=nobody argv=/usr/bin/procmail ...") and the listeners that
// hand their mail to one through content_filter.
import { parseNextHop, serviceParam } from './content-filter.js';
import { findService, type MasterService } from './master-cf.js';

export interface PipeCommand {
  readonly service: MasterService;
  readonly flags: string;
  readonly user: string; // user=USER[:GROUP]
  readonly group?: string;
  readonly argv: readonly string[]; // argv= and every word after it, ${sender} etc. unexpanded
}

// A pipe service's attributes; null when it names no user or no argv (pipe(8) refuses to run then).
export function parsePipe(service: MasterService): PipeCommand | null {
  const attrs = new Map<string, string>();
  let argv: string[] | null = null;
  for (const [i, arg] of service.args.entries()) {
    const eq = arg.indexOf('=');
    if (eq <= 0) continue;
    const name = arg.slice(0, eq);
    if (name === 'argv') {
      argv = [arg.slice(eq + 1), ...service.args.slice(i + 1)];
      break;
    }
    attrs.set(name, arg.slice(eq + 1));
  }
  const owner = attrs.get('user');
  if (!owner || !argv || argv[0] === '') return null;
  const [user, group] = owner.split(':');
  return { service, flags: attrs.get('flags') ?? '', user: user!, ...(group ? { group } : {}), argv };
}

export interface FilteredPipe {
  readonly pipe: PipeCommand;
  readonly listeners: readonly MasterService[]; // the smtpd services whose content_filter names it
}

// Pipe services used as content_filter by a smtpd listener (its -o, else main.cf's content_filter).
export function contentFilterPipes(
  services: readonly MasterService[],
  main: (name: string) => string | undefined,
): FilteredPipe[] {
  const byName = new Map<string, { pipe: PipeCommand; listeners: MasterService[] }>();
  for (const s of services) {
    if (s.command !== 'smtpd' && s.command !== 'pickup') continue;
    const hop = parseNextHop(serviceParam(s, 'content_filter', main) ?? '');
    if (!hop) continue;
    const target = findService(services, hop.transport, 'unix');
    if (!target || target.command !== 'pipe') continue;
    const pipe = parsePipe(target);
    if (!pipe) continue;
    const entry = byName.get(target.name) ?? { pipe, listeners: [] };
    entry.listeners.push(s);
    byName.set(target.name, entry);
  }
  return [...byName.values()];
}

// procmail's rcfile from its argv: the first non-option word after -m (procmail -m RCFILE), else null.
export function procmailRcfile(argv: readonly string[]): string | null {
  const m = argv.indexOf('-m');
  if (m === -1) return null;
  return argv.slice(m + 1).find((w) => !w.startsWith('-') && !w.includes('=')) ?? null;
}
