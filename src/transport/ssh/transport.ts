// The SSH transport: one lazily opened, reused connection per host, channels bounded below MaxSessions.
import { PassThrough, type Duplex } from 'node:stream';
import type { Client, ClientChannel } from 'ssh2';
import { TransportError, messageOf } from '../../core/errors.js';
import type { SshTarget } from '../../core/host.js';
import { deadline } from '../deadline.js';
import { killCommand, remoteCommand } from './env-prologue.js';
import { connectTimeout, socketError } from '../net-errors.js';
import { DEFAULT_READ_MAX_BYTES } from '../read-window.js';
import { parseReadOutput, readArgv } from './remote-read.js';
import { Semaphore } from '../../core/semaphore.js';
import { setMaxListeners } from 'node:events';
import { openExecChannel, refusedByServer } from './channel.js';
import { CLOSE_GRACE_MS, driveChannel, emptyResult } from './exec.js';
import { abortable } from '../abortable.js';
import { parseJumpSpec, resolveSshTarget, type ResolveOptions } from './config.js';
import { forwardOut, openSshConnection } from './connect.js';
import { openTunnel } from '../tunnel.js';
import { RemoteHelper, type HelperRun } from './helper/remote-helper.js';
import type { AckNudge } from './ack-nudge.js';
import { settledWithin } from '../settled-within.js';
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
} from '../types.js';

export interface SshTransportOptions {
  // ssh-agent socket; default $SSH_AUTH_SOCK, null for none.
  readonly agentSocket?: string | null;
  // How a ProxyJump hop becomes a target; default: ssh_config (as resolveOptions say), with this
  // host's known_hosts files and connect timeout.
  readonly resolveJump?: (spec: string, target: SshTarget) => SshTarget;
  readonly resolveOptions?: ResolveOptions;
  // A failed connect is answered from memory this long, so a dead host costs its timeout once.
  readonly failureCacheMs?: number;
  // Answer the server's first packets at once (ack-nudge.ts); default true, off only to measure it.
  readonly ackNudge?: boolean;
}

// Attempts after the server refused a session (20, 40, 80, 160, 320 ms apart).
const SESSION_RETRIES = 5;
// How long the remote helper may take to say it is ready before commands get channels of their own.
const HELPER_START_MS = 3000;
const HELPER_RUNS_PER_CHANNEL = 2; // helper commands at once per channel slot (see helperSlots)

type Ran = { result: ExecResult; stdout: Buffer };

// What a command's start has taken and must give back; filled in as it is taken.
interface Held {
  release?: () => void;
}

interface Live {
  readonly client: Client;
  readonly jump?: Client;
  readonly hostKeyFingerprint: string;
  readonly remoteVersion: string;
  readonly ackNudge: AckNudge | null;
}

export class SshTransport implements Transport {
  readonly kind = 'ssh' as const;
  private live: Live | null = null;
  private pending: Promise<Live> | null = null;
  private opening: AbortController | null = null; // aborts the connect in progress when the transport closes
  private connectStartedAt: number | undefined;
  // Aborted by close(): every command still running is ended (remote process group killed) first.
  private readonly closing = new AbortController();
  private readonly inFlight = new Set<Promise<unknown>>(); // commands, and the kills close() waits for
  private lastFailure: { readonly error: unknown; readonly at: number } | null = null;
  private connections = 0;
  private channels = 0;
  private lastFingerprint: string | undefined;
  private lastVersion: string | undefined;
  private readonly slots: Semaphore; // commands on channels of their own (sshd's MaxSessions bounds them)
  // Commands through the helper open no session: more of them run at once (each is still a process on the
  // host). Sharing one limit made a bundle's reads queue behind the sweep's commands on the same host.
  private readonly helperSlots: Semaphore;
  private helper: { readonly live: Live; readonly ready: Promise<RemoteHelper | null> } | null = null;
  private helperState: string | undefined;

  constructor(
    readonly host: string,
    readonly target: SshTarget,
    private readonly options: SshTransportOptions = {},
  ) {
    // every command in flight without a signal of its own listens to it: dozens at once in a bundle
    setMaxListeners(0, this.closing.signal);
    this.slots = new Semaphore(target.maxChannels);
    this.helperSlots = new Semaphore(target.maxChannels * HELPER_RUNS_PER_CHANNEL);
  }

  // Also waits for the remote helper to be running or found unavailable, so what host/ssh reports
  // about it is settled (the helper's start is bounded by HELPER_START_MS).
  async ensureConnected(signal?: AbortSignal): Promise<void> {
    const live = await this.connection(signal);
    if (this.target.helper === false) return;
    const ready = this.helperFor(live);
    await (signal ? abortable(ready, signal) : ready).catch(() => undefined);
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
    const { done } = await this.start(
      readArgv(path, maxBytes, tail),
      {
        maxOutputBytes: maxBytes + 256,
        ...(options.signal ? { signal: options.signal } : {}),
      },
      null,
      { path, maxBytes, tail },
    );
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
      live.ackNudge?.stop();
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
      commandsRunning: this.slots.inUse + this.helperSlots.inUse,
      ...(this.helperState ? { helper: this.helperState } : {}),
      ...(this.lastFingerprint ? { hostKeyFingerprint: this.lastFingerprint } : {}),
      ...(this.lastVersion ? { remoteVersion: this.lastVersion } : {}),
      ...(this.connectStartedAt !== undefined ? { connectStartedAt: this.connectStartedAt } : {}),
    };
  }

  // Ends the connection: the commands still running are killed on the host first (bounded by
  // CLOSE_GRACE_MS), and a connection still being opened is given up at once, so neither a dead host nor a
  // hung command holds the exit, and nothing oxdoctor started is left running.
  async close(): Promise<void> {
    const closed = new TransportError(this.host, 'closed', `${this.host}: transport closed`);
    this.closing.abort(closed);
    if (!this.live) this.opening?.abort(closed);
    if (this.inFlight.size > 0) await settledWithin([...this.inFlight], CLOSE_GRACE_MS);
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
    if (failure && Date.now() - failure.at < (this.options.failureCacheMs ?? 5000))
      return Promise.reject(failure.error);
    if (!this.pending) this.connectStartedAt = Date.now();
    this.pending ??= this.open()
      .catch((err: unknown) => {
        // ensureConnected promises TransportErrors; a bad ProxyJump setting arrives as something else.
        throw err instanceof TransportError
          ? err
          : new TransportError(this.host, 'other', `${this.host}: ${messageOf(err)}`, undefined, { cause: err });
      })
      .then(
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
    const agentSocket =
      this.options.agentSocket === null ? undefined : (this.options.agentSocket ?? process.env.SSH_AUTH_SOCK);
    const opening = (this.opening = new AbortController());
    const common = {
      ...(agentSocket ? { agentSocket } : {}),
      ...(this.options.ackNudge === false ? { ackNudge: false } : {}),
      signal: opening.signal,
    };
    let jump: Client | undefined;
    let sock: Duplex | undefined;
    if (this.target.proxyJump) {
      const resolve =
        this.options.resolveJump ?? ((spec, t) => defaultJumpResolver(spec, t, this.options.resolveOptions));
      const jumpTarget = resolve(this.target.proxyJump, this.target);
      const hop = await openSshConnection(`${this.host} via ${this.target.proxyJump}`, jumpTarget, common);
      jump = hop.client;
      try {
        sock = await forwardOut(jump, this.target.hostname, this.target.port);
        hop.ackNudge?.stop();
      } catch (err) {
        jump.end();
        throw socketError(
          `${this.host} (jump host ${this.target.proxyJump})`,
          `${this.target.hostname}:${this.target.port}`,
          err,
        );
      }
    }
    let opened;
    try {
      opened = await openSshConnection(this.host, this.target, { ...common, ...(sock ? { sock } : {}) });
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
    // Start the helper now, beside whatever the caller does with the connection, so the first command
    // does not wait for perl to start (commands that come before it is ready wait for it; see helped()).
    if (this.target.helper !== false) void this.helperFor(live);
    return live;
  }

  // Opens the exec channel (waiting for a slot); `done` settles when the command has ended. What the start
  // holds (the deadline's timer, the slot) is given back in one place: when the start fails or ends the
  // command early, or when the command has ended.
  private async start(
    argv: readonly string[],
    options: ExecOptions,
    stream: PassThrough | null,
    file?: HelperRun['file'],
  ): Promise<{ done: Promise<Ran> }> {
    const started = performance.now();
    const { command, prefix } = remoteCommand(argv, options.env);
    const signal = options.signal ? AbortSignal.any([options.signal, this.closing.signal]) : this.closing.signal;
    const limit = deadline(signal, options.timeoutMs);
    const held: Held = {};
    const cleanup = (): void => {
      held.release?.();
      limit.dispose();
    };
    let launched: { done: Promise<Ran> } | null;
    try {
      const run = { argv, options, stream, limit, started, ...(file ? { file } : {}) };
      launched = await this.launch(run, { command, prefix }, held);
    } catch (err) {
      cleanup();
      throw err;
    }
    if (launched) return { done: this.track(launched.done.finally(cleanup)) };
    cleanup();
    stream?.end();
    return { done: Promise.resolve({ result: emptyResult(argv, started, limit), stdout: Buffer.alloc(0) }) };
  }

  // Connects, takes a slot (into `held`) and runs the command through the helper or on a channel of its own;
  // null when the signal, the timeout or close() ended the wait for the connection, the slot or the channel.
  private async launch(
    run: Omit<HelperRun, 'lostConnection'>,
    { command, prefix }: { command: string; prefix: Buffer },
    held: Held,
  ): Promise<{ done: Promise<Ran> } | null> {
    const { argv, options, stream, limit } = run;
    // Connect before queueing for a channel, so every caller waits on the one connect attempt.
    try {
      await this.connection(limit.signal);
    } catch (err) {
      if (limit.signal.aborted) return null;
      throw err;
    }
    const lostConnection = (live: Live) => (): Error | null =>
      this.live === live
        ? null
        : new TransportError(
            this.host,
            'closed',
            `${this.host}: connection lost while running ${argv[0]}`,
            'the host or the network in between stopped answering (keepalive); the next command reconnects',
          );
    if (stream === null && this.target.helper !== false) {
      try {
        held.release = await this.helperSlots.acquire(limit.signal);
      } catch {
        return null;
      }
      const helped = await this.helped(run, lostConnection);
      if (helped) return helped;
      held.release(); // no helper: the command takes a channel of its own
    }
    try {
      held.release = await this.slots.acquire(limit.signal);
    } catch {
      return null;
    }
    let channel: ClientChannel;
    let live: Live;
    try {
      ({ channel, live } = await this.openChannel(command, limit.signal));
    } catch (err) {
      if (limit.signal.aborted) return null;
      throw err;
    }
    this.channels++;
    const done = driveChannel(channel, {
      argv,
      options,
      prefix,
      stream,
      limit,
      started: run.started,
      killGroup: (pid) => this.killRemote(pid),
      lostConnection: lostConnection(live),
    }).finally(() => this.channels--);
    return { done };
  }

  // Runs a collected command through the connection's remote helper; null when there is none, so the
  // command takes a channel of its own. Streams keep their own channels: a channel's flow control is
  // what holds back a fast writer for a slow reader, and the helper's one channel must not stall.
  private async helped(
    run: Omit<HelperRun, 'lostConnection'>,
    lostConnection: (live: Live) => () => Error | null,
  ): Promise<{ done: Promise<{ result: ExecResult; stdout: Buffer }> } | null> {
    if (this.target.helper === false) return null;
    const live = this.live;
    if (!live) return null;
    let helper: RemoteHelper | null;
    try {
      helper = await abortable(this.helperFor(live), run.limit.signal);
    } catch {
      return null; // aborted: the channel path answers with the usual empty result
    }
    if (!helper || this.live !== live) return null;
    return { done: helper.run({ ...run, lostConnection: lostConnection(live) }) };
  }

  // The connection's helper, started by the first command that wants it; restarted if it died.
  private async helperFor(live: Live): Promise<RemoteHelper | null> {
    let entry = this.helper;
    if (!entry || entry.live !== live) entry = this.helper = { live, ready: this.startHelper(live) };
    const helper = await entry.ready;
    if (helper && !helper.alive && this.helper === entry && this.live === live) {
      this.helper = { live, ready: this.startHelper(live) };
      return this.helper.ready;
    }
    return helper;
  }

  private async startHelper(live: Live): Promise<RemoteHelper | null> {
    const helper = await RemoteHelper.start(live.client, Math.min(this.target.connectTimeoutMs, HELPER_START_MS));
    live.ackNudge?.stop();
    if (typeof helper === 'string') {
      this.helperState = `unavailable: ${helper}`;
      return null;
    }
    this.helperState = `running (remote pid ${helper.remotePid})`;
    return helper;
  }

  // An exec channel on the live connection; a connection found dead is reopened once.
  private async openChannel(command: string, signal: AbortSignal): Promise<{ channel: ClientChannel; live: Live }> {
    let reconnects = 0;
    let refusals = 0;
    for (;;) {
      const live = await this.connection(signal);
      try {
        const channel = await abortable(openExecChannel(live.client, command), signal, (late) => late.close());
        live.ackNudge?.stop();
        return { channel, live };
      } catch (err) {
        if (signal.aborted) throw err;
        if (refusedByServer(err)) {
          // sshd frees a finished session only after our close reaches it, so a burst of short
          // commands can briefly exceed MaxSessions: back off and retry before giving up.
          if (refusals < SESSION_RETRIES) {
            await abortable(new Promise((r) => setTimeout(r, 20 * 2 ** refusals++)), signal);
            continue;
          }
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
        if (reconnects++ >= 1) {
          throw new TransportError(this.host, 'closed', `${this.host}: connection lost: ${messageOf(err)}`, undefined, {
            cause: err,
          });
        }
      }
    }
  }

  // Kills a timed-out command's process group from a second channel, outside the channel bound
  // (maxChannels stays below MaxSessions, so there is room). Best effort: the result is not awaited.
  private killRemote(pid: number): void {
    const client = this.live?.client;
    if (!client) return;
    this.track(
      openExecChannel(client, killCommand(pid)).then(
        (ch) =>
          new Promise<void>((resolve) => {
            ch.on('error', () => {});
            ch.once('close', () => resolve());
            ch.resume();
            ch.stderr.resume();
            ch.end();
          }),
        () => {},
      ),
    );
  }

  // Keeps p in inFlight until it settles, so close() can wait for it.
  private track<T>(p: Promise<T>): Promise<T> {
    this.inFlight.add(p);
    const forget = (): void => void this.inFlight.delete(p);
    p.then(forget, forget);
    return p;
  }
}

function defaultJumpResolver(spec: string, target: SshTarget, options: ResolveOptions | undefined): SshTarget {
  const hop = parseJumpSpec(spec);
  const resolved = resolveSshTarget(
    hop.host,
    {
      ...(hop.user ? { user: hop.user } : {}),
      ...(hop.port ? { port: hop.port } : {}),
      knownHostsFiles: target.knownHostsFiles,
      connectTimeoutMs: target.connectTimeoutMs,
    },
    options,
  );
  if (resolved.proxyJump) {
    throw new TransportError(
      target.hostname,
      'other',
      `ProxyJump ${spec} itself needs a ProxyJump (${resolved.proxyJump}); only one hop is supported`,
    );
  }
  return resolved;
}
