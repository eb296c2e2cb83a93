// A real terminal for the real binary: a tmux session on its own server socket, read with
// capture-pane and typed into with send-keys. Shared by the dashboard's end-to-end test and benchmark.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TMUX = '/usr/bin/tmux';
export const hasTmux = existsSync(TMUX);

export interface TmuxSession {
  readonly name: string;
  capture(options?: { ansi?: boolean }): string;
  send(...keys: string[]): void; // tmux key names: 'R', 'Enter', 'Escape', 'q'
  waitFor(pattern: RegExp, timeoutMs: number, what: string): Promise<string>;
  alive(): boolean;
  kill(): void;
}

// `argv` runs with CI removed from its environment: the dashboard stays off whenever CI is set,
// even on a terminal, and the test itself runs with CI=true.
export function startTmux(
  argv: readonly string[],
  size = { columns: 80, rows: 24 },
  env: Record<string, string> = {},
): TmuxSession {
  // A socket in a directory of its own, removed with the server (-L would leave it in /tmp/tmux-UID).
  const dir = mkdtempSync(join(tmpdir(), 'oxdoctor-tmux-'));
  const socket = join(dir, 'socket');
  const name = 'dash';
  const tmux = (...args: string[]): string => execFileSync(TMUX, ['-S', socket, ...args], { encoding: 'utf8' });
  const sets = Object.entries({ TERM: 'xterm-256color', LANG: 'C.UTF-8', ...env }).map(([k, v]) => `${k}=${v}`);
  tmux(
    'new-session',
    '-d',
    '-s',
    name,
    '-x',
    String(size.columns),
    '-y',
    String(size.rows),
    'env',
    '-u',
    'CI',
    ...sets,
    ...argv,
  );
  // Keep the pane after the program exits so its last screen and exit can be read.
  tmux('set-option', '-t', name, 'remain-on-exit', 'on');
  const session: TmuxSession = {
    name,
    capture: (o = {}) => tmux('capture-pane', '-p', ...(o.ansi ? ['-e'] : []), '-t', name),
    send: (...keys) => {
      tmux('send-keys', '-t', name, ...keys);
    },
    waitFor: async (pattern, timeoutMs, what) => {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const screen = session.capture();
        if (pattern.test(screen)) return screen;
        if (Date.now() > until)
          throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; the screen:\n${screen}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    alive: () => tmux('display-message', '-p', '-t', name, '#{pane_dead}').trim() === '0',
    kill: () => {
      spawnSync(TMUX, ['-S', socket, 'kill-server'], { stdio: 'ignore' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return session;
}
