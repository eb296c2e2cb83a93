// Runs one command on an open exec channel: feeds stdin, collects or streams output, and on
// timeout or abort kills the remote process group and closes the channel without hanging.
import type { PassThrough } from 'node:stream';
import type { ClientChannel } from 'ssh2';
import type { Deadline } from '../deadline.js';
import { OutputBuffer } from '../output.js';
import { PidMarker } from './pid-marker.js';
import { sendSignal } from './channel.js';
import type { ExecOptions, ExecResult } from '../types.js';

// After a remote kill, wait this long for the channel to close before giving up on it.
export const CLOSE_GRACE_MS = 1000;

export interface ChannelRun {
  readonly argv: readonly string[];
  readonly options: ExecOptions;
  readonly prefix: Buffer; // the env lines the prologue reads before the caller's stdin
  readonly stream: PassThrough | null; // stdout goes here instead of into the result
  readonly limit: Deadline;
  readonly started: number;
  readonly killGroup: (pid: number) => void;
  // The error when the channel ended without an exit status because the connection died; else null.
  readonly lostConnection: () => Error | null;
}

export function driveChannel(channel: ClientChannel, run: ChannelRun): Promise<{ result: ExecResult; stdout: Buffer }> {
  const { argv, options, stream, limit } = run;
  return new Promise((resolve, reject) => {
    const stdout = new OutputBuffer(options.maxOutputBytes);
    const stderr = new OutputBuffer(options.maxOutputBytes);
    const marker = new PidMarker((c) => stderr.push(c));
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
      recordedExit();
      const lost = !exited && !limit.signal.aborted ? run.lostConnection() : null;
      if (lost) {
        stream?.destroy(lost);
        reject(lost);
        return;
      }
      resolve(endedRun({ argv, code, signal, stdout, stderr, stream, started: run.started, limit }));
    };
    const onAbort = (): void => {
      sendSignal(channel, 'KILL');
      if (marker.pid !== null) run.killGroup(marker.pid);
      channel.close();
      grace = setTimeout(finish, CLOSE_GRACE_MS);
      grace.unref();
    };

    if (stream) {
      channel.pipe(stream, { end: false });
      // A reader that gives up early (destroys stdout) ends the command like an abort would.
      stream.once('close', () => {
        if (settled) return;
        if (marker.pid !== null) run.killGroup(marker.pid);
        channel.unpipe(stream);
        channel.resume();
        channel.close();
      });
    } else channel.on('data', (c: Buffer) => stdout.push(c));
    channel.stderr.on('data', (c: Buffer) => marker.push(c));
    // ssh2 parses every packet of a TCP chunk at once: for a fast command the exit-status can be
    // emitted before these listeners exist (buffered stdout survives, the 'exit' event does not),
    // so the status ssh2 recorded on the channel is read when it closes.
    const recordedExit = (): void => {
      if (exited) return;
      const seen = (channel as unknown as { _exit?: { code?: number | null; signal?: string } })._exit;
      if (seen?.code === undefined) return;
      exited = true;
      code = typeof seen.code === 'number' ? seen.code : null;
      signal = typeof seen.signal === 'string' ? seen.signal : null;
    };
    channel.on('exit', (c: number | null, s?: string) => {
      exited = true;
      code = typeof c === 'number' ? c : null;
      signal = typeof s === 'string' ? s : null;
    });
    channel.on('error', () => {}); // a channel error ends in 'close', which settles
    channel.on('close', finish);
    limit.signal.addEventListener('abort', onAbort, { once: true });
    if (limit.signal.aborted) onAbort();
    if (run.prefix.length > 0) channel.write(run.prefix);
    if (options.stdin !== undefined && options.stdin.length > 0) channel.write(options.stdin);
    channel.end();
  });
}

// The result of a command that ended (or was given up on), in the shape exec returns; a streamed
// command's stdout went to its reader and is '' here. Ends the stream for its reader.
export function endedRun(run: {
  readonly argv: readonly string[];
  readonly code: number | null;
  readonly signal: string | null;
  readonly stdout: OutputBuffer;
  readonly stderr: OutputBuffer;
  readonly stream: PassThrough | null;
  readonly started: number;
  readonly limit: Deadline;
}): { result: ExecResult; stdout: Buffer } {
  const { stdout, stderr, stream, limit } = run;
  if (stream && !stream.writableEnded) stream.end();
  const out = stdout.buffer();
  return {
    stdout: out,
    result: {
      argv: [...run.argv],
      code: run.code,
      signal: run.signal,
      stdout: stream ? '' : out.toString('utf8'),
      stderr: stderr.text(),
      durationMs: Math.round(performance.now() - run.started),
      timedOut: limit.timedOut(),
      cancelled: limit.cancelled(),
      truncated: stdout.truncated || stderr.truncated,
    },
  };
}

export function emptyResult(argv: readonly string[], started: number, limit: Deadline): ExecResult {
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
