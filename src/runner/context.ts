// The CheckContext the runner hands to one run of one check, and the evidence it collects.
import type { CheckContext, Facts, PeerContext } from '../core/check.js';
import type { HostSpec } from '../core/host.js';
import type { Evidence } from '../core/result.js';
import type { SiteConfig } from '../config/types.js';
import type { ExecOptions, Transport } from '../transport/types.js';
import { execEvidence, execFailureEvidence, shorten } from './evidence.js';

const DEADLINE_BACKSTOP_MS = 1000;

export interface ContextParts {
  readonly host: HostSpec;
  readonly transport: Transport;
  readonly site: SiteConfig;
  readonly facts: Facts;
  readonly signal: AbortSignal;
  readonly deadline: number;
  readonly now: () => number;
  // Another host's transport and facts for this sweep (undefined: not configured).
  readonly peers?: (name: string) => PeerParts | undefined;
}

export interface PeerParts {
  readonly host: HostSpec;
  readonly transport: Transport;
  readonly facts: Facts;
}

export interface CollectingContext extends CheckContext {
  readonly evidence: Evidence[];
}

export function makeContext(parts: ContextParts): CollectingContext {
  const evidence: Evidence[] = [];
  const { transport, signal, deadline, now } = parts;
  const run = async (on: Transport, argv: readonly string[], options: ExecOptions, label: string) => {
    // The check's deadline reaches the command through the signal, which the runner aborts after it
    // has decided the result: a command timer set to the same instant could fire first (timers round
    // to the millisecond) and end the check with an ordinary error instead of its timeout. The timer
    // stays as a backstop a little past the deadline.
    const backstop = Math.max(1, deadline - now()) + DEADLINE_BACKSTOP_MS;
    const merged: ExecOptions = {
      ...options,
      signal: options.signal ? AbortSignal.any([options.signal, signal]) : signal,
      timeoutMs: Math.min(options.timeoutMs ?? backstop, backstop),
    };
    try {
      const result = await on.exec(argv, merged);
      const ev = execEvidence(result);
      evidence.push({ ...ev, label: label + ev.label });
      return result;
    } catch (err) {
      const ev = execFailureEvidence(argv, err);
      evidence.push({ ...ev, label: label + ev.label });
      throw err;
    }
  };
  return {
    host: parts.host,
    transport,
    site: parts.site,
    facts: parts.facts,
    signal,
    deadline,
    evidence,
    exec: (argv: readonly string[], options: ExecOptions = {}) => run(transport, argv, options, ''),
    record(label: string, text: string) {
      evidence.push({ label, text: shorten(text) });
    },
    peer(name: string): PeerContext | undefined {
      const p = parts.peers?.(name);
      if (!p) return undefined;
      const on = `on ${p.host.name}: `;
      return {
        host: p.host,
        transport: p.transport,
        facts: p.facts,
        exec: (argv: readonly string[], options: ExecOptions = {}) => run(p.transport, argv, options, on),
        record: (label: string, text: string) => evidence.push({ label: on + label, text: shorten(text) }),
      };
    },
  };
}
