// Turning a protocol probe run from the checked host into a Step, its evidence and its hint.
import type { CheckContext } from '../core/check.js';
import type { Step } from '../core/result.js';
import type { ProbeFailure, ProbeResult } from '../protocols/types.js';

// How a probe connects and how long it may take live with the protocols; checks get them from here too.
export { openerFor, remainingMs } from '../protocols/opener.js';

// What a probe of `what` at `target` found, in one sentence with the observed and expected value.
export function failureSummary(what: string, target: string, failure: ProbeFailure, message: string): string {
  const observed: Record<ProbeFailure, string> = {
    refused: 'refused the connection',
    unreachable: 'is unreachable',
    timeout: 'did not answer in time',
    closed: 'closed the connection mid-dialogue',
    'bad-greeting': 'answered, but not as expected',
    'protocol-error': 'answered a command wrongly',
    rejected: 'refused the session',
    untrusted: 'presented a certificate oxdoctor may not send a password to',
    auth: 'refused the credentials',
  };
  return `${what} at ${target} ${observed[failure]} (${message})`;
}

// The next step for an engineer, by failure kind; `service` names the daemon to look at.
export function failureHint(
  failure: ProbeFailure,
  service: string,
  target: string,
  hostName: string,
  message = '',
): string {
  // MySQL's 1040 is a refusal for load, not for access: the fix is max_connections or a leaking client.
  if (/\b1040\b|too many connections/i.test(message))
    return `${service} has no connection left: raise max_connections or find the client holding them (SHOW PROCESSLIST)`;
  switch (failure) {
    case 'refused':
      if (target.startsWith('/')) {
        return `the socket ${target} is missing or nobody listens on it: start ${service} on ${hostName} and compare the socket path in its config (ls -l ${target})`;
      }
      return `nothing listens on ${target} as seen from ${hostName}: start ${service} there, or check its listen address (ss -ltnp / netstat -ltnp)`;
    case 'unreachable':
      return `${hostName} has no route to ${target}: check the address, DNS and routing on ${hostName}`;
    case 'timeout':
      return `${target} accepts nothing or hangs: check a firewall between ${hostName} and ${target}, and whether ${service} is overloaded or stuck`;
    case 'closed':
      return `${service} dropped the connection: look at its log for a crash or a connection limit`;
    case 'bad-greeting':
      return `another program answers on ${target}: check which process owns the port (ss -ltnp) and ${service}'s listen setting`;
    case 'protocol-error':
      return `${service} misbehaves: look at its log around this time`;
    case 'rejected':
      return `${service} refused ${hostName}: read its reason above and fix its access rules`;
    case 'auth':
      return `the credentials were refused: check the configured account and password`;
    case 'untrusted':
      return `compare the certificate of ${target} (its SHA-256 is in the evidence) with the one ${service} on ${hostName} has installed: if it is the right one, add the fingerprint to tls.fingerprints in the config, or have it signed by a CA this machine trusts`;
  }
}

export interface ProbeStepSpec<T> {
  readonly name: string; // step name, e.g. "127.0.0.1:10024"
  readonly what: string; // "amavisd (SMTP)"
  readonly service: string; // daemon to look at in hints
  readonly target: string; // "127.0.0.1:10024"
  readonly ok: (value: T) => Pick<Step, 'status' | 'summary' | 'hint'>;
}

// Records the transcript as evidence and turns the result into a step.
export function probeStep<T>(
  ctx: Pick<CheckContext, 'record' | 'host'>,
  spec: ProbeStepSpec<T>,
  result: ProbeResult<T>,
): Step {
  ctx.record(
    `${spec.what} ${spec.target} (${result.durationMs} ms)`,
    result.transcript.join('\n') || '(nothing exchanged)',
  );
  if (result.ok) return { name: spec.name, ...spec.ok(result.value) };
  return {
    name: spec.name,
    status: 'crit',
    summary: failureSummary(spec.what, spec.target, result.failure, result.message),
    hint: failureHint(result.failure, spec.service, spec.target, ctx.host.name, result.message),
  };
}
