// `oxdoctor user LOGIN|ADDRESS`: one user end to end (src/user/run.ts). The verdict first, then the path; --verbose
// adds each hop's evidence. --send (with --keep) is the one thing oxdoctor writes: test messages through the flow.
// The exit code is the worst status: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (user not found, ambiguous, usage).
import { colorEnabled } from '../../reporters/ansi.js';
import type { Secret } from '../../core/redact.js';
import type { GlobalOptions } from '../global-options.js';
import { say, type CliIO } from '../io.js';
import { onInterrupt } from '../interrupt.js';
import { lineWriter } from '../line-writer.js';
import { openSession } from '../session.js';
import { loadChecks, loadSite } from '../wiring.js';

export interface UserOptions {
  readonly query: string;
  readonly host: readonly string[];
  readonly send: boolean;
  readonly keep: boolean;
  readonly passwordStdin: boolean;
  readonly format: 'text' | 'json';
}

export async function runUserCommand(options: UserOptions, globals: GlobalOptions, io: CliIO): Promise<number> {
  const loaded = await loadSite({ configPath: globals.config, env: io.env, isTTY: process.stdin.isTTY === true });
  for (const warning of loaded.warnings) say(io, `oxdoctor: warning: ${warning}`);
  const password = options.passwordStdin ? await askPassword(io, options.query) : undefined;
  const session = await openSession(loaded, { host: options.host, check: [] }, globals, io);
  const controller = new AbortController();
  const uninstall = onInterrupt(io, () => {
    controller.abort();
    return session.close();
  });
  const progress = io.stderr.isTTY === true ? (text: string) => say(io, `oxdoctor: ${text}`) : undefined;
  try {
    const budget = globals.timeout === undefined ? undefined : AbortSignal.timeout(globals.timeout);
    const run = await import('../../user/run.js');
    // AD is asked while the hosts connect (the config names it; discovery from the hosts is not needed for it).
    const identity = loaded.site.endpoints.ldap
      ? run.lookUpUser(loaded.site, options.query, controller.signal)
      : undefined;
    identity?.catch(() => undefined); // a failure is runUser's to report; not unhandled while the hosts connect
    const [{ site }, catalogue, { renderUserText }, { renderUserJson }] = await Promise.all([
      session.prepare(budget),
      loadChecks(),
      import('../../user/render-text.js'),
      import('../../user/render-json.js'),
    ]);
    const report = await run.runUser({
      ...(identity ? { identity } : {}),
      site,
      transportFor: (h) => session.transports.get(h),
      query: options.query,
      ...(password ? { password } : {}),
      hosts: options.host,
      ...(options.send ? { send: { keep: options.keep } } : {}),
      catalogue,
      signal: controller.signal,
      redactor: io.redactor,
      ...(globals.timeout !== undefined ? { timeoutMs: globals.timeout } : {}),
      ...(progress ? { onProgress: progress } : {}),
    });
    const color = colorEnabled({ isTTY: io.stdout.isTTY === true, env: io.env, flag: globals.color });
    const text =
      options.format === 'json' ? renderUserJson(report) : renderUserText(report, { color, verbose: globals.verbose });
    await lineWriter(io).write([text.replace(/\n$/, '')]);
    return report.exitCode;
  } finally {
    uninstall();
    await session.close();
  }
}

async function askPassword(io: CliIO, query: string): Promise<Secret> {
  const { readPassword } = await import('../../user/password.js');
  const who = /^[\x21-\x7e]{1,100}$/.test(query) ? query : 'the user';
  return readPassword(process.stdin, io.stderr, who);
}
