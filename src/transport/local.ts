// The transport for the machine oxdoctor runs on: child processes with argv (never a shell).
import { spawn, type ChildProcess } from 'node:child_process';
import { withChildPriority } from './child-priority.js';
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Duplex } from 'node:stream';
import { EnvironmentError, messageOf } from '../core/errors.js';
import { deadline } from './deadline.js';
import { OutputBuffer } from './output.js';
import { readWindow, DEFAULT_READ_MAX_BYTES } from './read-window.js';
import { tcpConnect } from './tcp-connect.js';
import { openTunnel } from './tunnel.js';
import { settledWithin } from './settled-within.js';
import type {
  ConnectOptions,
  ExecOptions,
  ExecResult,
  ExecStream,
  FileContent,
  ReadOptions,
  Transport,
  TransportInfo,
  Tunnel,
} from './types.js';

// After a kill, wait this long for the pipes to close before giving up on them.
const PIPE_GRACE_MS = 500;

export interface LocalTransportOptions {
  // The nice value commands start at (child-priority.ts); set by the dashboard while it runs raised.
  readonly childNice?: number;
}

export class LocalTransport implements Transport {
  readonly kind = 'local' as const;
  private running = 0;
  // Aborted by close(): every command still running has its process group killed.
  private readonly closing = new AbortController();
  private readonly inFlight = new Set<Promise<ExecResult>>();

  constructor(
    readonly host: string = 'localhost',
    private readonly options: LocalTransportOptions = {},
  ) {}

  async ensureConnected(): Promise<void> {}

  async exec(argv: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    const { done } = this.start(argv, options, false);
    return done;
  }

  async execStream(argv: readonly string[], options: ExecOptions = {}): Promise<ExecStream> {
    const { child, done } = this.start(argv, options, true);
    return { stdout: child.stdout!, done };
  }

  async readFile(path: string, options: ReadOptions = {}): Promise<FileContent | null> {
    let handle;
    try {
      // O_NONBLOCK: a FIFO's open returns at once (and is refused below) instead of waiting for a writer.
      handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return null;
      throw new EnvironmentError(`cannot read ${path} on ${this.host}: ${messageOf(err)}`, undefined, { cause: err });
    }
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) throw new EnvironmentError(`cannot read ${path} on ${this.host}: not a regular file`);
      const { start, length } = readWindow(
        stat.size,
        options.maxBytes ?? DEFAULT_READ_MAX_BYTES,
        options.tail ?? false,
      );
      const data = Buffer.alloc(length);
      let got = 0;
      while (got < length) {
        options.signal?.throwIfAborted();
        const { bytesRead } = await handle.read(data, got, length - got, start + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      return {
        path,
        data: data.subarray(0, got),
        size: stat.size,
        truncated: got < stat.size,
        mtimeMs: stat.mtimeMs,
      };
    } finally {
      await handle.close();
    }
  }

  connect(host: string, port: number, options: ConnectOptions = {}): Promise<Duplex> {
    return tcpConnect(this.host, host, port, options);
  }

  tunnel(host: string, port: number): Promise<Tunnel> {
    return openTunnel(() => this.connect(host, port));
  }

  info(): TransportInfo {
    return {
      kind: 'local',
      connected: true,
      connections: 0,
      channelsOpen: this.running,
      commandsRunning: this.running,
    };
  }

  // Kills the process group of every command still running and waits (briefly) for them to end, so
  // nothing oxdoctor started outlives it.
  async close(): Promise<void> {
    this.closing.abort(new Error(`${this.host}: transport closed`));
    if (this.inFlight.size > 0) await settledWithin([...this.inFlight], PIPE_GRACE_MS);
  }

  private start(
    argv: readonly string[],
    options: ExecOptions,
    streamStdout: boolean,
  ): { child: ChildProcess; done: Promise<ExecResult> } {
    if (argv.length === 0) throw new TypeError('empty argv');
    const started = performance.now();
    const limit = deadline(
      options.signal ? AbortSignal.any([options.signal, this.closing.signal]) : this.closing.signal,
      options.timeoutMs,
    );
    const stdout = new OutputBuffer(options.maxOutputBytes);
    const stderr = new OutputBuffer(options.maxOutputBytes);
    // detached: the child leads its own process group, so a timeout kills its children too.
    const run = withChildPriority(argv, this.options.childNice);
    const child = spawn(run[0]!, run.slice(1), {
      env: options.env ? { ...process.env, ...options.env } : process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    this.running++;
    const kill = (): void => {
      if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    limit.signal.addEventListener('abort', kill, { once: true });
    if (!streamStdout) child.stdout!.on('data', (c: Buffer) => stdout.push(c));
    child.stderr!.on('data', (c: Buffer) => stderr.push(c));
    child.stdin!.on('error', () => {}); // the child may exit without reading its stdin
    child.stdin!.end(options.stdin ?? '');

    const done = new Promise<ExecResult>((resolve) => {
      let settled = false;
      let graceTimer: NodeJS.Timeout | undefined;
      const settle = (code: number | null, signal: string | null, spawnError?: Error): void => {
        if (settled) return;
        settled = true;
        if (graceTimer) clearTimeout(graceTimer);
        this.running--;
        limit.dispose();
        if (spawnError) stderr.push(`${argv[0]}: ${spawnError.message}\n`);
        resolve({
          argv: [...argv],
          code,
          signal,
          stdout: stdout.text(),
          stderr: stderr.text(),
          durationMs: Math.round(performance.now() - started),
          timedOut: limit.timedOut(),
          cancelled: limit.cancelled(),
          truncated: stdout.truncated || stderr.truncated,
        });
      };
      child.once('error', (err) => {
        const code = (err as { code?: string }).code;
        settle(code === 'ENOENT' ? 127 : code === 'EACCES' ? 126 : null, null, err);
      });
      child.once('close', (code, signal) => settle(code, signal));
      // A grandchild that left the process group could hold the pipes open forever. A streamed
      // stdout is only cut after a kill: its reader may still be draining it.
      child.once('exit', (code, signal) => {
        if (streamStdout && !limit.signal.aborted) return;
        graceTimer = setTimeout(() => {
          child.stdout?.destroy();
          child.stderr?.destroy();
          settle(code, signal);
        }, PIPE_GRACE_MS);
        graceTimer.unref();
      });
    });
    this.inFlight.add(done);
    void done.then(() => this.inFlight.delete(done));
    return { child, done };
  }
}
