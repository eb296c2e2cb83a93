// One session setup for every command that sweeps or reads hosts (`check`, the dashboard, and the commands to
// come): the selected hosts' transports opened and connecting at once, then the site completed from the hosts'
// own files, the plan and the runner. Two steps, so the dashboard can draw between them.
import { UserError } from '../core/errors.js';
import type { SiteConfig } from '../core/site.js';
import type { HostSpec } from '../core/host.js';
import type { LoadedConfig } from '../config/index.js';
import type { PlanItem } from '../runner/plan.js';
import type { Runner } from '../runner/runner.js';
import { durationsPath } from './cache-dir.js';
import type { GlobalOptions } from './global-options.js';
import type { CliIO } from './io.js';
import type { LocalTransportOptions } from '../transport/local.js';
import { say } from './io.js';
import { completeSite, loadChecks, loadSite, openTransports, startConnecting, type Transports } from './wiring.js';

export interface Selection {
  readonly host: readonly string[]; // --host (none: all)
  readonly check: readonly string[]; // --check ids or groups (none: all)
}

export interface Session {
  readonly selected: readonly HostSpec[];
  readonly transports: Transports;
  // Completes the site from the hosts, plans and makes the runner. With a signal (the --timeout budget),
  // discovery reads still waiting when it fires give up.
  prepare(signal?: AbortSignal): Promise<PreparedSession>;
  // Ends every connection, killing what still runs on the hosts (see Transport.close).
  close(): Promise<void>;
}

export interface PreparedSession {
  readonly site: SiteConfig;
  readonly items: readonly PlanItem[];
  readonly runner: Runner;
  readonly discoveredFor: readonly string[]; // hosts whose roles were read from their files
  saveHistory(): void; // check durations, so the next sweep starts the slowest first
}

export async function openSession(
  loaded: LoadedConfig,
  selection: Selection,
  globals: GlobalOptions,
  io: CliIO,
  local: LocalTransportOptions = {}, // how commands on this machine start (the dashboard's childNice)
): Promise<Session> {
  const selected = loaded.site.hosts.filter((h) => selection.host.length === 0 || selection.host.includes(h.name));
  const transports = await openTransports(selected, local);
  startConnecting(selected, transports);
  return {
    selected,
    transports,
    close: () => transports.closeAll(),
    async prepare(signal) {
      // Loaded here, not at the top: the dashboard draws its first frame before it needs any of this.
      const [{ plan }, { Runner }, { loadDurations, saveDurations }, catalogue] = await Promise.all([
        import('../runner/plan.js'),
        import('../runner/runner.js'),
        import('../runner/durations.js'),
        loadChecks(),
      ]);
      const { site, unreachable, discoveredFor } = await completeSite(loaded, transports, selection.host, signal);
      const items = plan(catalogue, site.hosts, { hosts: selection.host, checks: selection.check });
      if (items.length === 0) {
        throw new UserError(
          'no check applies to the selected hosts and checks',
          'see `oxdoctor checks` for the roles each check needs',
        );
      }
      const history = durationsPath(io.env, site.source);
      const runner = new Runner({
        site,
        durations: loadDurations(history),
        transportFor: (host) => transports.get(host),
        concurrency: globals.concurrency,
        timeoutMs: globals.timeout,
        redactor: io.redactor,
        unreachable,
      });
      return { site, items, runner, discoveredFor, saveHistory: () => saveDurations(history, runner.durations) };
    },
  };
}

// The configuration for a command that reads the hosts named by --host (logs, trace): its warnings said, a
// host the config does not have refused with the names it has.
export async function loadSiteForHosts(
  hosts: readonly string[],
  globals: GlobalOptions,
  io: CliIO,
): Promise<LoadedConfig> {
  const loaded = await loadSite({ configPath: globals.config, env: io.env, isTTY: process.stdin.isTTY === true });
  for (const warning of loaded.warnings) say(io, `oxdoctor: warning: ${warning}`);
  const names = loaded.site.hosts.map((h) => h.name);
  const unknown = hosts.filter((h) => !names.includes(h));
  if (unknown.length > 0) {
    throw new UserError(
      `no host ${unknown.map((h) => `'${h}'`).join(', ')} in the config`,
      `hosts: ${names.join(', ')}`,
    );
  }
  return loaded;
}
