// `oxdoctor` on a terminal: the dashboard. A splash shows at once; the config loads (it may prompt for a
// secret); the dashboard's header is drawn as plain text (tui/plain-frame.ts); the hosts start connecting
// while Ink loads; the model then sweeps and refreshes until the user quits. The exit code is the worst
// status on screen at that moment.
import { colorEnabled } from '../../reporters/ansi.js';
import { enterScreen } from '../../tui/screen.js';
import { DashboardModel } from '../../tui/dashboard-model.js';
import { LogFeed } from '../../tui/log-feed.js';
import { UserFeed } from '../../tui/user-feed.js';
import { plainFrame } from '../../tui/plain-frame.js';
import { DEFAULT_UI_NICE, raiseUiPriority } from '../../tui/ui-priority.js';
import type { CliIO } from '../io.js';
import { CLEANUP_LIMIT_MS } from '../interrupt.js';
import type { GlobalOptions } from '../global-options.js';
import { openSession } from '../session.js';
import { loadChecks, loadSite, type Transports } from '../wiring.js';

export interface DashboardOptions {
  readonly host: readonly string[];
  readonly check: readonly string[];
  readonly refreshSeconds?: number; // --refresh; default: the config's defaults.refreshSeconds
  readonly nice?: number; // --nice; default DEFAULT_UI_NICE (tui/ui-priority.ts)
}

export async function runDashboard(options: DashboardOptions, globals: GlobalOptions, io: CliIO): Promise<number> {
  const color = colorEnabled({ isTTY: true, env: io.env, flag: globals.color });
  const priority = raiseUiPriority(options.nice ?? DEFAULT_UI_NICE);
  const screen = enterScreen(io.stdout, color, priority.restore);
  let transports: Transports | undefined;
  let stop = (): void => undefined;
  let logsStopped: Promise<void> = Promise.resolve();
  let userStopped: Promise<void> = Promise.resolve();
  // Killed or hung up: the terminal and the session's priority are given back, and every command still
  // running here or on the hosts is ended (bounded), all the same.
  const onSignal = (signal: NodeJS.Signals): void => {
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
    stop();
    screen.leave();
    priority.restore();
    const limit = new Promise<void>((resolve) => setTimeout(resolve, CLEANUP_LIMIT_MS).unref());
    void Promise.race([transports?.closeAll(), limit]).then(() => process.exit(signal === 'SIGHUP' ? 129 : 143));
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGHUP', onSignal);
  try {
    const loaded = await loadSite({ configPath: globals.config, env: io.env, isTTY: process.stdin.isTTY === true });
    const selected = loaded.site.hosts.filter((h) => options.host.length === 0 || options.host.includes(h.name));
    const refreshSeconds = options.refreshSeconds ?? loaded.site.defaults.refreshSeconds;
    const model = new DashboardModel({ refreshSeconds });
    const logs = new LogFeed();
    const user = new UserFeed();
    model.setActivity(`connecting to ${selected.length} hosts, discovering roles`, loaded.site.site);
    for (const warning of loaded.warnings) model.notice(`warning: ${warning}`);
    // The first real frame, before Ink: loading Ink takes longer than the 0.5 s the first frame may.
    screen.draw(
      plainFrame(model.getSnapshot(), {
        columns: io.stdout.columns ?? 80,
        rows: io.stdout.rows ?? 24,
        color,
        now: Date.now(),
      }),
    );
    const tui = import('../../tui/start.js');
    tui.catch(() => undefined); // awaited below; a failed connection setup must not leave it unhandled
    const local = priority.childNice !== undefined ? { childNice: priority.childNice } : {};
    const session = await openSession(loaded, options, globals, io, local);
    transports = session.transports;
    const { startDashboard } = await tui;

    screen.clear();
    const mounted = startDashboard(model, color, logs, user);
    let saveHistory = (): void => undefined;
    stop = () => {
      model.stop();
      logsStopped = logs.stop().catch(() => undefined);
      userStopped = user.stop().catch(() => undefined);
      mounted.unmount();
      saveHistory();
    };

    const prepared = session.prepare().then((p) => {
      saveHistory = p.saveHistory;
      model.attach(p.runner, p.items, refreshSeconds);
      // The log pane's stream runs from here on, so a check's detail view has its host's recent lines. Its
      // failures show in the pane; the dashboard goes on without it.
      const hosts = session.selected.map((h) => ({ host: h.name, transport: session.transports.get(h) }));
      import('../../tui/log-wiring.js')
        .then(({ logWiring }) => {
          const wiring = logWiring(p.site, hosts, io.redactor);
          return logs.attach(
            hosts.map((h) => h.host),
            wiring.open,
            wiring.trace,
          );
        })
        .catch((err: unknown) => model.notice(`the log pane did not start: ${(err as Error).message}`));
      // `u`: oxdoctor user over the same site and connections (a user asked for before this waits for it).
      Promise.all([import('../../tui/user-wiring.js'), loadChecks()])
        .then(([{ userWiring }, catalogue]) =>
          user.attach(
            userWiring({
              site: p.site,
              transportFor: (h) => session.transports.get(h),
              catalogue,
              redactor: io.redactor,
              hosts: options.host,
              ...(globals.timeout !== undefined ? { timeoutMs: globals.timeout } : {}),
            }),
          ),
        )
        .catch((err: unknown) => model.notice(`the user view did not start: ${(err as Error).message}`));
    });
    prepared.catch(() => undefined); // reported through the race below unless the user quit first
    // A setup failure (a bad --host, say) leaves the screen and is reported like any other error.
    await Promise.race([prepared.then(() => mounted.done), mounted.done]);
    return model.exitCode();
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
    stop();
    screen.leave();
    priority.restore();
    // The log readers end with their commands; the connections' close kills whatever is left (bounded).
    await Promise.race([
      Promise.all([logsStopped, userStopped]),
      new Promise((resolve) => setTimeout(resolve, CLEANUP_LIMIT_MS).unref()),
    ]);
    await transports?.closeAll();
  }
}
