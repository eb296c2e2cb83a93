// `oxdoctor bundle`: every selected host in parallel over the session's transports, streamed into one tar.gz
// (mode 0600) as it is collected: <bundle>/<host>/<component>/..., the sweep as oxdoctor/check.json,
// README.txt naming the problems it found, manifest.json last. A dead or lost host is an error entry and the
// rest is complete; the exit code says partial. --dry-run lists the items with their sizes and writes nothing.
import { setMaxListeners } from 'node:events';
import { chmod, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { UserError } from '../core/errors.js';
import type { HostSpec } from '../core/host.js';
import type { Result } from '../core/result.js';
import type { SiteConfig } from '../core/site.js';
import type { Transport } from '../core/transport.js';
import { collectHost, planHost, type HostPlan } from './collect/host.js';
import { dryRunHost, type DryRunRow } from './collect/dry-run.js';
import { limiter, runBounded, type HostContext } from './collect/host-context.js';
import { bundleRoot, defaultArchiveName } from './collect/naming.js';
import { completeness, readmeText } from './collect/readme.js';
import { mapJsonText, mapStrings, stringRedactor } from './collect/json-text.js';
import { BundleSink, messageOf } from './collect/sink.js';
import { obfuscationInput, siteSecrets } from './collect/site-inputs.js';
import type { LogWindow } from './collect/window.js';
import { ManifestBuilder, type Manifest } from './manifest.js';
import { Obfuscator } from './obfuscate.js';
import { BundleRedactor } from './redact/redactor.js';
import { TarGzWriter } from './tar-gz.js';

// How long the sweep may go on once the collection is done (a host lost mid-run makes each of its checks wait
// out its deadline); then it is left out, and the session's close ends what it still runs.
const SWEEP_GRACE_MS = 15_000;

// Remote reads and commands at once per host (besides the sweep's own), per the config's perHostConcurrency:
// most are file reads by the remote helper (no process, no session), whose latency, not the host, is the limit.
const SLOTS_PER_CHECK_SLOT = 2;

// How long a host may take to run `true` after one of its items failed, before it counts as lost.
const ALIVE_TIMEOUT_MS = 5_000;

export interface BundleOptions {
  readonly site: SiteConfig;
  readonly hosts: readonly HostSpec[]; // the selected hosts
  readonly transportFor: (host: HostSpec) => Transport;
  readonly window: LogWindow; // --since / --until, epoch ms
  readonly output?: string; // default: oxdoctor-<site>-<UTC time>.tar.gz in the current directory
  readonly obfuscate?: boolean;
  readonly dryRun?: boolean;
  readonly maxBytes?: number; // --max-size: the archive's cap
  readonly tool: string; // "oxdoctor 0.1.0"
  // oxdoctor's own sweep of the selected hosts (as `check --format json`), run beside the collection.
  readonly sweep?: () => Promise<{ json: string; results: readonly Result[] }>;
  readonly onProgress?: (host: string, text: string) => void;
  // The archive was created (an interrupted run removes it: a cut tar.gz is of no use).
  readonly onCreated?: (path: string) => void;
  readonly signal?: AbortSignal;
  readonly now?: () => number;
}

export interface BundleResult {
  readonly exitCode: 0 | 1; // 1: partial (some item or host failed, or --max-size cut it)
  readonly archive?: string;
  readonly mapping?: string; // --obfuscate: the mapping beside the archive
  readonly manifest?: Manifest;
  readonly summary: string; // "complete: 312 items" / "partial: ..."
  readonly dryRun?: readonly DryRunRow[];
}

export async function runBundle(options: BundleOptions): Promise<BundleResult> {
  const now = options.now ?? Date.now;
  // every item's timeout joins the run's signal (AbortSignal.any): hundreds of listeners, none leaked
  if (options.signal) setMaxListeners(0, options.signal);
  const archive = resolve(options.output ?? defaultArchiveName(options.site.site, now()));
  if (!options.dryRun) await checkOutput(archive);
  const plans = await Promise.all(
    options.hosts.map(async (h) => {
      options.onProgress?.(h.name, 'connecting');
      try {
        const owners = options.obfuscate === true && options.dryRun !== true; // --dry-run obfuscates nothing
        const plan = await planHost(options.transportFor(h), options.signal, { mailboxOwners: owners });
        // a host whose mailbox owners could not be listed gives none: the bundle goes on, the user is told
        if (plan.mailboxOwners?.error) options.onProgress?.(h.name, `mailbox owners: ${plan.mailboxOwners.error}`);
        return { host: h, plan };
      } catch (e) {
        return { host: h, error: messageOf(e) };
      }
    }),
  );
  if (options.dryRun) return dryRun(options, plans);

  const redactor = new BundleRedactor({ knownSecrets: siteSecrets(options.site) });
  const fqdns = plans.flatMap((p) => (p.plan?.fqdn ? [p.plan.fqdn] : []));
  const owners = plans.flatMap((p) => p.plan?.mailboxOwners?.users ?? []);
  const obfuscator = options.obfuscate ? new Obfuscator(obfuscationInput(options.site, fqdns, owners)) : undefined;
  const manifest = new ManifestBuilder(
    {
      tool: options.tool,
      site: options.site.site,
      since: new Date(options.window.since).toISOString(),
      ...(options.window.until !== undefined ? { until: new Date(options.window.until).toISOString() } : {}),
      obfuscated: obfuscator !== undefined,
    },
    now,
  );
  const tar = await TarGzWriter.create(archive);
  options.onCreated?.(archive);
  try {
    const byName = new Map(options.hosts.map((h) => [h.name, h]));
    const alive = async (name: string): Promise<boolean> => {
      const host = byName.get(name);
      if (!host) return true;
      const r = await runBounded({ transport: options.transportFor(host) }, ['true'], ALIVE_TIMEOUT_MS, 'true');
      return r.code === 0;
    };
    const root = bundleRoot(basename(archive));
    const sink = new BundleSink(tar, manifest, redactor, obfuscator, root, options.maxBytes, alive);
    const sweep = options.sweep?.().then(
      (s) => ({ ok: s }),
      (e: unknown) => ({ error: messageOf(e) }),
    );
    await Promise.all(
      plans.map(async ({ host, plan, error }) => {
        if (!plan) {
          manifest.hostFailed(host.name, `not reached: ${error ?? 'unknown error'}`);
          options.onProgress?.(host.name, `not reached: ${error ?? 'unknown error'}`);
          return;
        }
        const ctx = hostContext(options, host, sink);
        await collectHost(ctx, plan, (text) => options.onProgress?.(host.name, text));
        options.onProgress?.(host.name, 'done');
      }),
    );
    const swept = sweep ? await withinGrace(sweep) : undefined;
    const identity = { host: 'oxdoctor', component: 'oxdoctor', kind: 'file' as const };
    if (swept && 'ok' in swept) {
      // string by string: redacted (a secret's JSON escape is not its text), then obfuscated
      const redact = stringRedactor(redactor, 'oxdoctor/check.json');
      const json = mapJsonText(swept.ok.json, (s) => (obfuscator ? obfuscator.text(redact(s)) : redact(s)));
      await sink.text('oxdoctor/check.json', json, { ...identity, path: 'oxdoctor check --format json' });
    } else if (swept) {
      manifest.start({ ...identity, path: 'oxdoctor check --format json' }).finish({ error: swept.error });
    }
    const readme = readmeText({
      tool: options.tool,
      site: options.site.site,
      created: new Date(now()).toISOString(),
      window: windowText(options.window),
      hosts: options.hosts.map((h) => h.name),
      obfuscated: obfuscator !== undefined,
      ...(swept && 'ok' in swept ? { results: swept.ok.results } : {}),
      ...(swept && 'error' in swept ? { sweepError: swept.error } : {}),
      ...(!swept ? { sweepError: 'not asked for' } : {}),
    });
    await sink.text('README.txt', readme, { ...identity, path: 'README.txt' });
    const built = manifest.build();
    // as manifestJson does, with one redactor for all its strings
    const redact = stringRedactor(redactor, 'manifest.json');
    const shown = mapStrings(built, (x) => (obfuscator ? obfuscator.text(redact(x)) : redact(x)));
    await sink.addRaw('manifest.json', `${JSON.stringify(shown, null, 2)}\n`);
    await tar.close();
    const mapping = obfuscator ? await writeMapping(archive, obfuscator) : undefined;
    return {
      exitCode: built.partial ? 1 : 0,
      archive,
      ...(mapping ? { mapping } : {}),
      manifest: built,
      summary: completeness(built),
    };
  } catch (e) {
    await tar.abort();
    throw e;
  }
}

function hostContext<S>(options: BundleOptions, host: HostSpec, sink: S): Omit<HostContext, 'sink'> & { sink: S } {
  return {
    host: host.name,
    transport: options.transportFor(host),
    site: options.site,
    sink,
    window: options.window,
    copied: new Set(),
    limit: limiter(Math.max(1, SLOTS_PER_CHECK_SLOT * options.site.defaults.perHostConcurrency)),
    ...(options.signal ? { signal: options.signal } : {}),
  };
}

async function dryRun(
  options: BundleOptions,
  plans: readonly { host: HostSpec; plan?: HostPlan; error?: string }[],
): Promise<BundleResult> {
  const rows = await Promise.all(
    plans.map(async ({ host, plan, error }): Promise<{ rows: DryRunRow[]; error?: string }> => {
      if (!plan) return { rows: [], error: `${host.name}: not reached: ${error ?? 'unknown error'}` };
      try {
        const { sink: _none, ...ctx } = hostContext(options, host, undefined);
        return { rows: await dryRunHost(ctx, plan) };
      } catch (e) {
        return { rows: [], error: `${host.name}: ${messageOf(e)}` };
      }
    }),
  );
  const errors = rows.flatMap((r) => (r.error ? [r.error] : []));
  return {
    exitCode: errors.length > 0 ? 1 : 0,
    summary: errors.length > 0 ? `partial: ${errors.join('; ')}` : 'complete',
    dryRun: rows.flatMap((r) => r.rows),
  };
}

// The archive is new (never over an existing file) in a directory that exists.
async function checkOutput(path: string): Promise<void> {
  const dir = await stat(dirname(path)).catch(() => undefined);
  if (!dir?.isDirectory()) throw new UserError(`--output: no directory ${dirname(path)}`, 'create it first');
  if (await stat(path).catch(() => undefined)) {
    throw new UserError(`--output: ${path} exists`, 'oxdoctor never writes over a file: name another one');
  }
}

async function writeMapping(archive: string, obfuscator: Obfuscator): Promise<string> {
  const path = `${archive.replace(/\.(?:tar\.gz|tgz)$/i, '')}.mapping.json`;
  await writeFile(path, `${JSON.stringify(obfuscator.mapping(), null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  await chmod(path, 0o600);
  return path;
}

function windowText(w: LogWindow): string {
  const since = `since ${new Date(w.since).toISOString()}`;
  return w.until === undefined ? since : `${since} until ${new Date(w.until).toISOString()}`;
}

async function withinGrace<T>(sweep: Promise<T>): Promise<T | { error: string }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<{ error: string }>((done) => {
    timer = setTimeout(
      () => done({ error: `the sweep did not end within ${SWEEP_GRACE_MS / 1000} s of the collection` }),
      SWEEP_GRACE_MS,
    );
  });
  try {
    return await Promise.race([sweep, late]);
  } finally {
    clearTimeout(timer);
  }
}
