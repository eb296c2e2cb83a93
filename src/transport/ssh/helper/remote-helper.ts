// The client side of the remote helper (script.ts): one exec channel per connection that runs
// every collected command, with the same results, limits, timeouts and kills as a channel of its own.
import type { PassThrough } from 'node:stream';
import type { Client, ClientChannel } from 'ssh2';
import { messageOf } from '../../../core/errors.js';
import type { Deadline } from '../../deadline.js';
import { checkEnv } from '../env-prologue.js';
import { encodeFrame, FrameReader, parseExit, startPayload, type Frame } from './frames.js';
import { HELPER_HELLO, helperCommand, helperProgram } from './script.js';
import { OutputBuffer } from '../../output.js';
import { openExecChannel } from '../channel.js';
import { CLOSE_GRACE_MS, endedRun } from '../exec.js';
import type { ExecOptions, ExecResult } from '../../types.js';

export interface HelperRun {
  readonly argv: readonly string[];
  // Read this file in the helper instead of running argv (argv is then only what the result names).
  readonly file?: { readonly path: string; readonly maxBytes: number; readonly tail: boolean };
  readonly options: ExecOptions;
  readonly stream: PassThrough | null;
  readonly limit: Deadline;
  readonly started: number;
  // The error when the helper's channel ended because the connection died; else null.
  readonly lostConnection: () => Error | null;
}

interface Pending {
  onFrame(frame: Frame): void;
  onClosed(): void;
}

export class RemoteHelper {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;
  private readonly outbox: Buffer[] = [];

  private constructor(
    private readonly channel: ClientChannel,
    readonly remotePid: number,
  ) {
    channel.on('close', () => {
      this.closed = true;
      for (const p of [...this.pending.values()]) p.onClosed();
      this.pending.clear();
    });
  }

  // Starts the helper; a string says why there is none (no perl, a forced command, too slow to answer).
  static async start(client: Client, timeoutMs: number): Promise<RemoteHelper | string> {
    let channel: ClientChannel;
    try {
      channel = await openExecChannel(client, helperCommand());
    } catch (err) {
      return `the helper channel could not be opened: ${messageOf(err)}`;
    }
    return new Promise((resolve) => {
      const reader = new FrameReader();
      let stderr = '';
      let settled = false;
      let helper: RemoteHelper | null = null;
      const give = (value: RemoteHelper | string): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (typeof value === 'string') channel.close();
        resolve(value);
      };
      const timer = setTimeout(() => give(`the helper did not answer within ${timeoutMs} ms`), timeoutMs);
      timer.unref();
      channel.stderr.on('data', (c: Buffer) => {
        if (stderr.length < 512) stderr += c.toString('utf8');
      });
      channel.on('error', () => {});
      channel.on('close', () =>
        give(`the helper ended before it was ready${stderr.trim() ? `: ${stderr.trim().split('\n')[0]}` : ''}`),
      );
      channel.on('data', (chunk: Buffer) => {
        if (!helper && chunk.length > 0 && chunk[0] !== 0x48 /* H */) {
          give('the remote side answered something other than the helper (a forced command?)');
          return;
        }
        for (const frame of reader.push(chunk)) {
          if (helper) helper.dispatch(frame);
          else if (frame.type === 'H' && frame.payload.toString('latin1').startsWith(HELPER_HELLO)) {
            helper = new RemoteHelper(channel, Number(frame.payload.toString('latin1').slice(HELPER_HELLO.length)));
            give(helper);
          } else give('the remote side answered something other than the helper (a forced command?)');
        }
      });
      channel.write(helperProgram());
    });
  }

  get alive(): boolean {
    return !this.closed;
  }

  close(): void {
    this.channel.end();
  }

  run(run: HelperRun): Promise<{ result: ExecResult; stdout: Buffer }> {
    const { argv, options, stream, limit } = run;
    if (argv.length === 0) throw new TypeError('empty argv');
    if (argv.some((a) => a.includes('\0')) || run.file?.path.includes('\0'))
      throw new TypeError('argument contains a NUL byte, which no shell can pass');
    checkEnv(options.env ?? {});
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const stdout = new OutputBuffer(options.maxOutputBytes);
      const stderr = new OutputBuffer(options.maxOutputBytes);
      let code: number | null = null;
      let signal: string | null = null;
      let grace: NodeJS.Timeout | undefined;
      let settled = false;

      const finish = (lost: Error | null): void => {
        if (settled) return;
        settled = true;
        this.pending.delete(id);
        if (grace) clearTimeout(grace);
        limit.signal.removeEventListener('abort', onAbort);
        if (lost) {
          stream?.destroy(lost);
          reject(lost);
          return;
        }
        resolve(endedRun({ argv, code, signal, stdout, stderr, stream, started: run.started, limit }));
      };
      const kill = (): void => {
        this.send(encodeFrame('K', id));
      };
      const onAbort = (): void => {
        kill();
        grace = setTimeout(() => finish(null), CLOSE_GRACE_MS);
        grace.unref();
      };

      this.pending.set(id, {
        onFrame: (frame) => {
          if (frame.type === 'O') {
            if (stream) {
              if (!stream.destroyed) stream.write(frame.payload);
            } else stdout.push(frame.payload);
          } else if (frame.type === 'R') stderr.push(frame.payload);
          else if (frame.type === 'Z') {
            ({ code, signal } = parseExit(frame.payload));
            finish(null);
          }
        },
        onClosed: () => {
          const lost = limit.signal.aborted ? null : run.lostConnection();
          if (!lost && !limit.signal.aborted) stderr.push('oxdoctor: the remote helper ended while the command ran\n');
          finish(lost);
        },
      });
      // A reader that gives up early (destroys stdout) ends the command like an abort would.
      stream?.once('close', () => {
        if (!settled) kill();
      });
      limit.signal.addEventListener('abort', onAbort, { once: true });
      if (this.closed) return finish(limit.signal.aborted ? null : run.lostConnection());
      const frames = [
        run.file
          ? encodeFrame('F', id, [run.file.path, String(run.file.maxBytes), run.file.tail ? 'tail' : 'head'].join('\0'))
          : encodeFrame('X', id, startPayload(argv, options.env ?? {})),
      ];
      if (options.stdin !== undefined && options.stdin.length > 0) frames.push(encodeFrame('I', id, options.stdin));
      frames.push(encodeFrame('E', id));
      this.send(Buffer.concat(frames));
      if (limit.signal.aborted) onAbort();
    });
  }

  // Frames sent in one turn of the event loop (a sweep starts many commands at once) go out as one SSH
  // packet: each packet costs the remote sshd a wakeup, a decryption and a write.
  private send(frames: Buffer): void {
    if (this.closed) return;
    this.outbox.push(frames);
    if (this.outbox.length > 1) return;
    setImmediate(() => {
      const all = Buffer.concat(this.outbox.splice(0));
      if (!this.closed) this.channel.write(all);
    });
  }

  private dispatch(frame: Frame): void {
    this.pending.get(frame.id)?.onFrame(frame);
  }
}
