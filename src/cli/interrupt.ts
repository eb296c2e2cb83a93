// SIGINT, SIGTERM or SIGHUP while a command runs: one line on stderr, the cleanup (ending every command
// oxdoctor started, here and on the hosts) bounded in time, then the conventional exit status 128+n.
// A second signal exits at once.
import { constants } from 'node:os';
import { say, type CliIO } from './io.js';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
// Killing the remote commands needs a round trip per host; past this the exit does not wait.
export const CLEANUP_LIMIT_MS = 2000;

// Installs the handlers; the returned function removes them.
export function onInterrupt(
  io: CliIO,
  cleanup: () => Promise<void>,
  exit: (code: number) => void = process.exit,
): () => void {
  let interrupted = false;
  const handler = (signal: NodeJS.Signals): void => {
    const code = 128 + (constants.signals[signal] ?? 15);
    if (interrupted) return exit(code);
    interrupted = true;
    say(io, `oxdoctor: interrupted by ${signal}; ending the commands it started`);
    const limit = new Promise<void>((resolve) => setTimeout(resolve, CLEANUP_LIMIT_MS).unref());
    void Promise.race([cleanup().catch(() => undefined), limit]).then(() => exit(code));
  };
  for (const s of SIGNALS) process.on(s, handler);
  return () => {
    for (const s of SIGNALS) process.off(s, handler);
  };
}
