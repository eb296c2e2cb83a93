// A host's log sources: where its syslog sends the mail stack's facilities (its own configuration, evaluated),
// the OX logs, oxldapsync.log and Apache's logs, with the host's UTC offset; one command (two when the syslog
// configuration includes files outside /etc/rsyslog.d).
import { randomBytes } from 'node:crypto';
import type { Transport } from '../core/transport.js';
import { parseDiscoverAnswer, DISCOVER_SCRIPT, type DiscoverAnswer } from './discover-script.js';
import { apacheSources, oxSources } from './discover-apps.js';
import { syslogSources } from './discover-syslog.js';
import type { LogSource } from './types.js';

export interface HostLogs {
  readonly host: string;
  readonly sources: readonly LogSource[];
  readonly utcOffsetMinutes: number; // from `date +%z` on the host
  readonly warnings: readonly string[]; // syslog statements not evaluated, unreadable configs
}

export async function discoverSources(transport: Transport, host: string, signal?: AbortSignal): Promise<HostLogs> {
  const nonce = randomBytes(8).toString('hex');
  let answer = await ask(transport, nonce, [], signal);
  const extra = includesOutsideRsyslogD(answer.configs);
  if (extra.length > 0) answer = await ask(transport, nonce, extra, signal);
  return hostLogsOf(host, answer);
}

// The sources a host's answer names (pure, for tests).
export function hostLogsOf(host: string, answer: DiscoverAnswer): HostLogs {
  const warnings: string[] = [];
  if (answer.utcOffsetMinutes === undefined) warnings.push('`date +%z` gave no UTC offset: times read as UTC');
  const syslog = syslogSources(host, answer, warnings);
  const taken = new Set(syslog.map((s) => s.path));
  const others = [...oxSources(host, answer.existing), ...apacheSources(host, answer)].filter((s) => {
    if (taken.has(s.path)) return false;
    taken.add(s.path);
    return true;
  });
  return { host, sources: [...syslog, ...others], utcOffsetMinutes: answer.utcOffsetMinutes ?? 0, warnings };
}

async function ask(
  transport: Transport,
  nonce: string,
  extra: readonly string[],
  signal: AbortSignal | undefined,
): Promise<DiscoverAnswer> {
  const r = await transport.exec(['sh', '-c', DISCOVER_SCRIPT, 'sh', nonce, ...extra], {
    maxOutputBytes: 4 * 1024 * 1024,
    timeoutMs: 30_000,
    ...(signal ? { signal } : {}),
  });
  if (r.code !== 0) {
    const why = r.timedOut ? 'timed out' : r.cancelled ? 'cancelled' : r.stderr.trim() || `exit ${r.code}`;
    throw new Error(`${transport.host}: discovering the log sources failed: ${why}`);
  }
  return parseDiscoverAnswer(r.stdout, nonce);
}

// $IncludeConfig and include(file=...) patterns the first read did not cover (it reads /etc/rsyslog.d/*).
export function includesOutsideRsyslogD(configs: ReadonlyMap<string, string>): string[] {
  const patterns = new Set<string>();
  for (const text of configs.values()) {
    for (const m of text.matchAll(/^\s*\$IncludeConfig\s+(\S+)|include\s*\(\s*file\s*=\s*"([^"]+)"/gim)) {
      const pattern = m[1] ?? m[2] ?? '';
      if (pattern.startsWith('/') && !pattern.startsWith('/etc/rsyslog.d/')) {
        patterns.add(pattern.endsWith('/') ? `${pattern}*` : pattern);
      }
    }
  }
  return [...patterns];
}
