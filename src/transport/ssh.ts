// The SSH transport: one lazily opened, reused connection per host, channels bounded below MaxSessions.
import { PassThrough, type Duplex } from 'node:stream';
import type { Client, ClientChannel } from 'ssh2';
import { TransportError, messageOf } from '../core/errors.js';
import type { SshTarget } from '../core/host.js';
import { deadline, type Deadline } from './deadline.js';
import { killCommand, remoteCommand } from './env-prologue.js';
import { connectTimeout, socketError } from './net-errors.js';
import { OutputBuffer } from './output.js';
import { DEFAULT_READ_MAX_BYTES } from './read-window.js';
import { parseReadOutput, readArgv } from './remote-read.js';
import { PidMarker } from './pid-marker.js';
import { Semaphore } from './semaphore.js';
import { openExecChannel, refusedByServer, sendSignal } from './ssh-channel.js';
import { parseJumpSpec, resolveSshTarget } from './ssh-config.js';
import { forwardOut, openSshConnection } from './ssh-connect.js';
import { openTunnel } from './tunnel.js';
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

export interface SshTransportOptions {
  // ssh-agent socket; default $SSH_AUTH_SOCK, null for none.
  readonly agentSocket?: string | null;
  // How a ProxyJump hop becomes a target; default: ~/.ssh/config, with this host's known_hosts files.
  readonly resolveJump?: (spec: string, target: SshTarget) => SshTarget;
  // A failed connect is answered from memory this long, so a dead host costs its timeout once.
  readonly failureCacheMs?: number;
}

interface Live {
  readonly client: Client;
  readonly jump?: Client;
  readonly hostKeyFingerprint: string;
  readonly remoteVersion: string;
}

// After a remote kill, wait this long for the channel to close before giving up on it.
const CLOSE_GRACE_MS = 1000;

export class SshTransport implements Transport {
  readonly kind = 'ssh' as const;
  private live: Live | null = null;
  private pending: Promise<Live> | null = null;
  private lastFailure: { readonly error: unknown; readonly at: number } | null = null;
  private connections = 0;
  private channels = 0;
  private lastFingerprint: string | undefined;
  private lastVersion: string | undefined;
  private readonly slots: Semaphore;

  constructor(
    readonly host: string,
    readonly target: SshTarget,
    private readonly options: SshTransportOptions = {},
  ) {
    this.slots = new Semaphore(target.maxChannels);
  }

  async ensureConnected(signal?: AbortSignal): Promise<void> {
    await this.connection(signal);
  }

  async exec(argv: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    const { done } = await this.start(argv, options, null);
    return (await done).result;
  }

  async execStream(argv: readonly string[], options: ExecOptions = {}): Promise<ExecStream> {
    const stdout = new PassThrough();
    const { done } = await this.start(argv, options, stdout);
    return { stdout, done: done.then((d) => d.result) };
  }

  async readFile(path: string, options: ReadOptions = {}): Promise<FileContent | null> {
    const maxBytes = options.maxBytes ?? DEFAULT_READ_MAX_BYTES;
    const tail = options.tail ?? false;
    const { done } = await this.start(readArgv(path, maxBytes, tail), {
      maxOutputBytes: maxBytes + 256,
      ...(options.signal ? { signal: options.signal } : {}),
    }, null);
    const { result, stdout } = await done;
    return parseReadOutput(this.host, path, result, stdout, maxBytes, tail);
  }

  async connect(host: string, port: number, options: ConnectOptions = {}): Promise<Duplex> {
    const target = `${host}:${port}`;
    const timeoutMs = options.timeoutMs ?? this.target.connectTimeoutMs;
    const limit = deadline(options.signal, timeoutMs);
    try {
      const live = await this.connection(limit.signal);
      const stream = await abortable(forwardOut(live.client, host, port), limit.signal, (late) => late.destroy());
      this.channels++;
      stream.once('close', () => this.channels--);
      return stream;
    } catch (err) {
      if (limit.timedOut()) throw connectTimeout(this.host, target, timeoutMs);
      throw socketError(this.host, target, err);
    } finally {
      limit.dispose();
    }
  }

  tunnel(host: string, port: number): Promise<Tunnel> {
    return openTunnel(() => this.connect(host, port));
  }

  info(): TransportInfo {
    return {
      kind: 'ssh',
      connected: this.live !== null,
      connections: this.connections,
      channelsOpen: this.channels,
      ...(this.lastFingerprint ? { hostKeyFingerprint: this.lastFingerprint } : {}),
      ...(this.lastVersion ? { remoteVersion: this.lastVersion } : {}),
    };
  }

  async close(): Promise<void> {
    const live = this.live ?? (await this.pending?.catch(() => null)) ?? null;
    this.live = null;
    if (!live) return;
    await new Promise<void>((resolve) => {
      live.client.once('close', () => resolve());
      live.client.end();
      setTimeout(resolve, CLOSE_GRACE_MS).unref();
    });
    live.jump?.end();
  }

  // The shared connection; concurrent first callers wait on one connect.
  private connection(signal?: AbortSignal): Promise<Live> {
    if (this.live) return Promise.resolve(this.live);
    const failure = this.lastFailure;
    if (failure && Date.now() - failure.at < (this.options.failureCacheMs ?? 5000)) return Promise.reject(failure.error);
    this.pending ??= this.open().then(
      (live) => {
        this.pending = null;
        this.lastFailure = null;
        return live;
      },
      (err: unknown) => {
        this.pending = null;
        this.lastFailure = { error: err, at: Date.now() };
        throw err;
      },
    );
    return signal ? abortable(this.pending, signal) : this.pending;
  }

  private async open(): Promise<Live> {
    const agentSocket = this.options.agentSocket === null ? undefined : (this.options.agentSocket ?? process.env.SSH_AUTH_SOCK);
    const agent = agentSocket ? { agentSocket } : {};
    let jump: Client | undefined;
    let sock: Duplex | undefined;
    if (this.target.proxyJump) {
      const jumpTarget = (this.options.resolveJump ?? defaultJumpResolver)(this.target.proxyJump, this.target);
      const hop = await openSshConnection(`${this.host} via ${this.target.proxyJump}`, jumpTarget, agent);
      jump = hop.client;
      try {
        sock = await forwardOut(jump, this.target.hostname, this.target.port);
      } catch (err) {
        jump.end();
        throw socketError(`${this.host} (jump host ${this.target.proxyJump})`, `${this.target.hostname}:${this.target.port}`, err);
      }
    }
    let opened;
    try {
      opened = await openSshConnection(this.host, this.target, { ...agent, ...(sock ? { sock } : {}) });
    } catch (err) {
      jump?.end();
      throw err;
    }
    const live: Live = { ...opened, ...(jump ? { jump } : {}) };
    this.connections++;
    this.lastFingerprint = opened.hostKeyFingerprint;
    this.lastVersion = opened.remoteVersion;
    opened.client.on('close', () => {
      if (this.live === live) this.live = null;
      jump?.end();
    });
    this.live = live;
    return live;
  }

  // Opens the exec channel (waiting for a slot); `done` settles when the command has ended.
  private async start(
    argv: readonly string[],
    options: ExecOptions,
    stream: PassThrough | null,
  ): Promise<{ done: Promise<{ result: ExecResult; stdout: Buffer }> }> {
    const started = performance.now();
    const { command, prefix } = remoteCommand(argv, options.env);
    const limit = deadline(options.signal, options.timeoutMs);
    const early = (): { done: Promise<{ result: ExecResult; stdout: Buffer }> } => {
      limit.dispose();
      stream?.end();
      return { done: Promise.resolve({ result: emptyResult(argv, started, limit), stdout: Buffer.alloc(0) }) };
    };
    let release: () => void;
    try {
      release = await this.slots.acquire(limit.signal);
    } catch {
      return early();
    }
    let channel: ClientChannel;
    let live: Live;
    try {
      ({ channel, live } = await this.openChannel(command, limit.signal));
    } catch (err) {
      release();
      if (limit.signal.aborted) return early();
      limit.dispose();
      throw err;
    }
    this.channels++;
    const done = this.drive(channel, live, argv, options, prefix, stream, limit, started).finally(() => {
      this.channels--;
      release();
      limit.dispose();
    });
    return { done };
  }

  // An exec channel on the live connection; a connection found dead is reopened once.
  private async openChannel(command: string, signal: AbortSignal): Promise<{ channel: ClientChannel; live: Live }> {
    for (let attempt = 0; ; attempt++) {
      const live = await this.connection(signal);
      try {
        return { channel: await abortable(openExecChannel(live.client, command), signal, (late) => late.close()), live };
      } catch (err) {
        if (signal.aborted) throw err;
        if (refusedByServer(err)) {
          throw new TransportError(
            this.host,
            'other',
            `${this.host}: the server refused a new session: ${messageOf(err)}`,
            `lower maxChannels (now ${this.target.maxChannels}) below the server's MaxSessions`,
            { cause: err },
          );
        }
        if (this.live === live) {
          this.live = null;
          live.client.end();
        }
        if (attempt >= 1) throw new TransportError(this.host, 'closed', `${this.host}: connection lost: ${messageOf(err)}`, undefined, { cause: err });
      }
    }
  }

  // Kills a timed-out command's process group from a second channel, outside the channel bound
  // (maxChannels stays below MaxSessions, so there is room). Best effort: the result is not awaited.
  private killRemote(pid: number): void {
    const client = this.live?.client;
    if (!client) return;
    openExecChannel(client, killCommand(pid)).then(
      (ch) => {
        ch.on('error', () => {});
        ch.resume();
        ch.stderr.resume();
        ch.end();
      },
      () => {},
    );
  }

  // Collects (or streams) the command's output; rejects only when the connection died under it.
  private drive(
    channel: ClientChannel,
    live: Live,
    argv: readonly string[],
    options: ExecOptions,
    prefix: Buffer,
    stream: PassThrough | null,
    limit: Deadline,
    started: number,
  ): Promise<{ result: ExecResult; stdout: Buffer }> {
    return new Promise((resolve, reject) => {
      const stdout = new OutputBuffer(options.maxOutputBytes);
      const stderr = new OutputBuffer(options.maxOutputBytes);
      let code: number | null = null;
      let signal: string | null = null;
      let exited = false;
      let grace: NodeJS.Timeout | undefined;
      let settled = false;
      const finish = (): void => {
        if (settled) return;
        settled = true;
        if (grace) clearTimeout(grace);
        limit.signal.removeEventListener('abort', onAbort);
        marker.flush();
        if (!exited && !limit.signal.aborted && this.live !== live) {
          const err = new TransportError(
            this.host,
            'closed',
            `${this.host}: connection lost while running ${argv[0]}`,
            'the host or the network in between stopped answering (keepalive); the next command reconnects',
          );
          stream?.destroy(err);
          reject(err);
          return;
        }
        if (stream && !stream.writableEnded) stream.end();
        const out = stdout.buffer();
        resolve({
          stdout: out,
          result: {
            argv: [...argv],
            code,
            signal,
            stdout: stream ? '' : out.toString('utf8'),
            stderr: stderr.text(),
            durationMs: Math.round(performance.now() - started),
            timedOut: limit.timedOut(),
            cancelled: limit.cancelled(),
            truncated: stdout.truncated || stderr.truncated,
          },
        });
      };
      const marker = new PidMarker((c) => stderr.push(c));
      const onAbort = (): void => {
        sendSignal(channel, 'KILL');
        if (marker.pid !== null) this.killRemote(marker.pid);
        channel.close();
        grace = setTimeout(finish, CLOSE_GRACE_MS);
        grace.unref();
      };
      if (stream) channel.pipe(stream, { end: false });
      else channel.on('data', (c: Buffer) => stdout.push(c));
      channel.stderr.on('data', (c: Buffer) => marker.push(c));
      channel.on('exit', (c: number | null, s?: string) => {
        exited = true;
        code = typeof c === 'number' ? c : null;
        signal = typeof s === 'string' ? s : null;
      });
      channel.on('error', () => {});
      channel.on('close', finish);
      limit.signal.addEventListener('abort', onAbort, { once: true });
      if (limit.signal.aborted) onAbort();
      if (prefix.length > 0) channel.write(prefix);
      if (options.stdin !== undefined && options.stdin.length > 0) channel.write(options.stdin);
      channel.end();
    });
  }
}

function emptyResult(argv: readonly string[], started: number, limit: Deadline): ExecResult {
  return {
    argv: [...argv],
    code: null,
    signal: null,
    stdout: '',
    stderr: '',
    durationMs: Math.round(performance.now() - started),
    timedOut: limit.timedOut(),
    cancelled: limit.cancelled(),
    truncated: false,
  };
}

// Waits for `promise` unless the signal aborts first; a value arriving too late is handed to `discard`.
function abortable<T>(promise: Promise<T>, signal: AbortSignal, discard?: (late: T) => void): Promise<T> {
  if (signal.aborted) {
    promise.then((v) => discard?.(v), () => {});
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    let done = false;
    const onAbort = (): void => {
      done = true;
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        if (done) discard?.(v);
        else resolve(v);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        if (!done) reject(err);
      },
    );
  });
}

function defaultJumpResolver(spec: string, target: SshTarget): SshTarget {
  const hop = parseJumpSpec(spec);
  return resolveSshTarget(hop.host, {
    ...(hop.user ? { user: hop.user } : {}),
    ...(hop.port ? { port: hop.port } : {}),
    knownHostsFiles: target.knownHostsFiles,
    connectTimeoutMs: target.connectTimeoutMs,
  });
}
