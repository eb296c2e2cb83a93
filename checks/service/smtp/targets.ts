// Where each smtpd listener of master.cf can be reached from its own host, and what name it should greet with.
import type { PostconfFacts } from '../../../src/facts/postconf.js';
import type { InetListener } from '../../../src/postfix/master-cf.js';

export interface SmtpTarget {
  readonly service: string; // master.cf name: "smtp", "127.0.0.1:10025", ":10026"
  readonly line: number;
  readonly host: string;
  readonly port: number;
  readonly expectName?: string; // myhostname in force for this listener, when known
  readonly tls: boolean; // smtpd_tls_wrappermode=yes: TLS from the first byte (smtps, 465)
}

const GREETERS = new Set(['smtpd', 'postscreen']);

export function smtpTargets(
  listeners: readonly InetListener[],
  postconf: PostconfFacts,
): { targets: SmtpTarget[]; unresolved: string[] } {
  const targets: SmtpTarget[] = [];
  const unresolved: string[] = [];
  for (const l of listeners) {
    if (!GREETERS.has(l.service.command)) continue;
    if (l.port === undefined) {
      unresolved.push(`${l.service.name} (line ${l.service.line}: unknown port name)`);
      continue;
    }
    const expectName = expectedName(l.overrides, postconf);
    targets.push({
      service: l.service.name,
      line: l.service.line,
      host: l.address !== undefined ? loopbackFor(l.address) : firstInterface(postconf),
      port: l.port,
      tls: /^(yes|true|1)$/i.test(
        l.overrides.get('smtpd_tls_wrappermode') ?? postconf.get('smtpd_tls_wrappermode') ?? 'no',
      ),
      ...(expectName ? { expectName } : {}),
    });
  }
  return { targets, unresolved };
}

// inet_interfaces "all" (the default) is probed on loopback; otherwise the first address it names.
function firstInterface(postconf: PostconfFacts): string {
  const value = postconf.expand(postconf.get('inet_interfaces') ?? 'all');
  const first = value.split(/[\s,]+/).find(Boolean) ?? 'all';
  return loopbackFor(first);
}

function loopbackFor(address: string): string {
  const a = address.replace(/^\[|\]$/g, '');
  return ['all', 'localhost', 'loopback-only', '', '0.0.0.0'].includes(a) ? '127.0.0.1' : a;
}

// The greeting starts with $myhostname unless smtpd_banner says otherwise.
function expectedName(overrides: ReadonlyMap<string, string>, postconf: PostconfFacts): string | undefined {
  const banner = overrides.get('smtpd_banner') ?? postconf.get('smtpd_banner');
  if (banner !== undefined && !/^\$\{?myhostname\}?\s/.test(banner.trim())) return undefined;
  const own = overrides.get('myhostname');
  const name = own ?? postconf.get('myhostname');
  if (name === undefined) return undefined;
  const expanded = postconf.expand(name);
  return expanded.includes('$') ? undefined : expanded;
}
