// Starting and stopping the real daemons tests talk to: free ports, temp dirs, wait for listen, stop by pid.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Daemon {
  readonly port: number;
  readonly dir: string;
  stop(): Promise<void>;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `oxdoctor-${prefix}-`));
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface Started {
  readonly child: ChildProcess;
  readonly log: string;
}

export function startProcess(
  command: string,
  args: readonly string[],
  options: { dir: string; env?: NodeJS.ProcessEnv; cwd?: string },
): Started {
  const log = join(options.dir, `${command.split('/').pop()}.log`);
  const fd = openSync(log, 'a');
  const child = spawn(command, args, {
    cwd: options.cwd ?? options.dir,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', fd, fd],
  });
  child.on('error', () => {});
  return { child, log };
}

export async function waitForPort(
  port: number,
  started: Started,
  timeoutMs = 20_000,
  host = '127.0.0.1',
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (started.child.exitCode !== null) {
      throw new Error(`${String(started.child.spawnfile)} exited with ${started.child.exitCode}: ${tail(started.log)}`);
    }
    if (await canConnect(host, port)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(
    `${String(started.child.spawnfile)} did not listen on ${port} within ${timeoutMs} ms: ${tail(started.log)}`,
  );
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, host);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

// Waits for the port; if the daemon never comes up, stops it and removes its directory first.
export async function readyOrCleanup(port: number, started: Started, dir: string, timeoutMs?: number): Promise<void> {
  try {
    await waitForPort(port, started, timeoutMs);
  } catch (err) {
    await stopProcess(started.child, 1_000);
    removeDir(dir);
    throw err;
  }
}

// SIGTERM, then SIGKILL if it lingers; resolves when the process is gone.
export async function stopProcess(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await gone;
  clearTimeout(timer);
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-8).join('\n');
  } catch {
    return '(no log)';
  }
}
