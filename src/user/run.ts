// `oxdoctor user`'s work, for the CLI and the dashboard alike: who the user is (AD), then one sweep through the
// runner of the catalogue checks on the user's path and the user's probes, with the user in place of the test user,
// then (--send) the test messages followed copy by copy; arranged as the path and the verdict.
import type { Check } from '../core/check.js';
import { messageOf } from '../core/errors.js';
import type { HostSpec } from '../core/host.js';
import { redactor as defaultRedactor, type Redactor, type Secret } from '../core/redact.js';
import type { Result } from '../core/result.js';
import { unknown } from '../core/result.js';
import type { SiteConfig } from '../core/site.js';
import { exitCode } from '../core/status.js';
import type { Transport } from '../core/transport.js';
import { AdUnavailable } from '../protocols/ad-directory.js';
import { plan } from '../runner/plan.js';
import { Runner } from '../runner/runner.js';
import type { Store } from '../runner/store.js';
import { directoryOutcome } from './directory.js';
import { findUser, type UserIdentity } from './identity.js';
import { arrange, statusOfHops, syntheticResult, verdictOf } from './path.js';
import { loadProbes, userChecks, type ProbeFactory } from './probes/index.js';
import type { UserReport } from './report.js';
import type { SendReport } from './send/types.js';
import { siteForUser, targetOf, type UserTarget } from './target.js';

const AD_TIMEOUT_MS = 5000;
export const DIRECTORY_HOST = 'AD';

export interface RunUserInput {
  readonly site: SiteConfig; // completed (roles known)
  readonly transportFor: (host: HostSpec) => Transport;
  readonly query: string;
  readonly password?: Secret;
  readonly hosts?: readonly string[]; // --host: only these (none: all)
  readonly send?: { readonly keep: boolean };
  readonly catalogue: readonly Check[];
  readonly probes?: readonly ProbeFactory[]; // default: every probe of src/user/probes
  readonly signal?: AbortSignal;
  readonly onProgress?: (text: string) => void;
  readonly redactor?: Redactor;
  readonly timeoutMs?: number; // each check's deadline (--timeout)
  readonly store?: Store; // the runner's progress, for a view that draws it
  readonly now?: () => number;
  // The AD answer when the caller started asking early (lookUpUser, beside the hosts' connects); else asked here.
  readonly identity?: Promise<UserLookup>;
}

export async function runUser(input: RunUserInput): Promise<UserReport> {
  const now = input.now ?? Date.now;
  const redactor = input.redactor ?? defaultRedactor;
  const started = now();
  input.onProgress?.(`looking up ${input.query} in AD`);
  const identity = await (input.identity ?? lookUpUser(input.site, input.query, input.signal));
  const directory = syntheticResult(
    'user/directory',
    DIRECTORY_HOST,
    'error' in identity
      ? unknown(identity.error, { hint: identity.hint })
      : directoryOutcome(identity, new Date(now())),
    new Date(started),
    now() - started,
  );
  const found = 'error' in identity || identity.kind !== 'found' ? undefined : identity;
  const target = found && targetOf(found, input.password);
  const [results, send] = await Promise.all([
    target ? sweep(input, target, redactor) : Promise.resolve([]),
    target && input.send ? sendTest(input, target, input.send.keep) : Promise.resolve(undefined),
  ]);
  const sent = send ? redactor.redactDeep(send) : undefined;
  const hops = arrange(
    [redactor.redactDeep(directory), ...results, ...(sent ? sendResults(sent) : [])],
    input.site.hosts,
  );
  const status = statusOfHops(hops);
  return {
    query: input.query,
    identity: 'error' in identity ? { kind: 'not-found', query: input.query, summary: identity.error } : identity,
    ...(target ? { login: target.login } : {}),
    addresses: target?.addresses ?? [],
    verdict: verdictOf(hops),
    hops,
    ...(sent ? { send: sent } : {}),
    status,
    exitCode: exitCode(status),
    startedAt: new Date(started).toISOString(),
    durationMs: now() - started,
  };
}

export type UserLookup = UserIdentity | { readonly error: string; readonly hint: string };

// Who the user is, or why AD could not say; needs only the config's AD endpoint, not the hosts.
export async function lookUpUser(site: SiteConfig, query: string, signal?: AbortSignal): Promise<UserLookup> {
  try {
    return await findUser({ site, timeoutMs: AD_TIMEOUT_MS, ...(signal ? { signal } : {}) }, query);
  } catch (err) {
    if (!(err instanceof AdUnavailable)) throw err;
    return {
      error: `AD cannot be asked who ${query} is: ${messageOf(err)}`,
      hint: 'check endpoints.ldap in the config and that AD answers (oxdoctor check --check service/ldap)',
    };
  }
}

async function sweep(input: RunUserInput, target: UserTarget, redactor: Redactor): Promise<readonly Result[]> {
  const probes = input.probes ?? (await loadProbes());
  const checks = userChecks(target, input.catalogue, {
    hasPassword: target.password !== undefined,
    hasImapAdmin: input.site.imapAdmin !== undefined,
    probes,
  });
  const site = siteForUser(input.site, target);
  const items = plan(checks, site.hosts, { hosts: input.hosts ?? [] });
  const runner = new Runner({
    site,
    transportFor: input.transportFor,
    redactor,
    ...(input.store ? { store: input.store } : {}),
    ...(input.timeoutMs !== undefined ? { timeoutMs: input.timeoutMs } : {}),
  });
  const total = items.length;
  let done = 0;
  const unsubscribe = runner.store.subscribe(() => {
    const finished = runner.store.getSnapshot().entries.filter((e) => e.state === 'done').length;
    if (finished !== done) input.onProgress?.(`${(done = finished)} of ${total} checks done`);
  });
  try {
    input.onProgress?.(
      `${total} checks of ${target.login}'s path on ${new Set(items.map((i) => i.host.name)).size} hosts`,
    );
    return (await runner.sweep(items)).results;
  } finally {
    unsubscribe();
  }
}

// The test messages run beside the sweep: the mail path's checks and the message travel at the same time.
async function sendTest(input: RunUserInput, target: UserTarget, keep: boolean): Promise<SendReport> {
  const { sendAndFollow } = await import('./send/index.js');
  return sendAndFollow({
    site: input.site,
    transportFor: input.transportFor,
    target,
    keep,
    ...signalOf(input),
    ...(input.onProgress ? { onProgress: input.onProgress } : {}),
  });
}

const STOPPED_HINT =
  "fix what the stop names (the path's check of that hop says how); mail waiting there goes on with `postqueue -f` " +
  'on that host, and the test message with it (its queue id is in the sentence when known)';

// Each copy of each test message as a result of the send hop, so the verdict names a copy that stopped.
function sendResults(send: SendReport): Result[] {
  const at = new Date(Date.now() - send.durationMs);
  if (send.messages.length === 0)
    return [syntheticResult('user/send', '', { status: send.status, summary: send.summary }, at, send.durationMs)];
  return send.messages.flatMap((m) =>
    m.copies.map((c) => {
      const via = m.via === 'relay' ? 'test message to the relay as Exchange' : 'test message sent as the user';
      const took = c.seconds === undefined ? '' : ` after ${c.seconds.toFixed(1)} s`;
      const summary = c.stoppedAt
        ? `${via}: the copy for ${c.where} stopped: ${c.stoppedAt}`
        : `${via}: ${c.where}${took}`;
      const host = c.hops.at(-1)?.host ?? '';
      const hint = c.stoppedAt ? STOPPED_HINT : undefined;
      return syntheticResult(
        'user/send',
        host,
        { status: c.status, summary, ...(hint ? { hint } : {}) },
        at,
        send.durationMs,
      );
    }),
  );
}

function signalOf(input: RunUserInput): { signal?: AbortSignal } {
  return input.signal ? { signal: input.signal } : {};
}
