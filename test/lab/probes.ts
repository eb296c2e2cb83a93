// Small probes the lab tests use to see a daemon's state from outside: TCP connects and polling.
import net from 'node:net';
import { execFile } from 'node:child_process';

// Resolves true when a TCP connection to host:port is accepted within the timeout.
export function tcpOpen(host: string, port: number, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

// Polls until fn() resolves truthy; returns the last value (falsy when the time ran out).
export async function eventually<T>(fn: () => Promise<T>, timeoutMs = 30_000, everyMs = 250): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last = await fn();
  while (!last && Date.now() < end) {
    await new Promise((r) => setTimeout(r, everyMs));
    last = await fn();
  }
  return last;
}

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

// Runs a local program with an argv array, optional stdin and environment; never throws for an exit code.
export function run(
  file: string,
  args: readonly string[],
  opts: { stdin?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      file,
      [...args],
      { env: opts.env ?? process.env, encoding: 'utf8', timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') reject(error);
        else resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
      },
    );
    // A child that exits without reading its stdin makes this write fail with EPIPE: not an error here.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(opts.stdin ?? '');
  });
}

// Sends one message over SMTP (no pipelining, no TLS) and resolves with the final reply line.
export function smtpSend(
  host: string,
  port: number,
  from: string,
  to: readonly string[],
  message: string,
): Promise<string> {
  const steps = [
    'EHLO lab-test.example.com',
    `MAIL FROM:<${from}>`,
    ...to.map((t) => `RCPT TO:<${t}>`),
    'DATA',
    `${message.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..')}\r\n.`,
    'QUIT',
  ];
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    let buffer = '';
    let step = -1;
    let last = '';
    socket.setEncoding('utf8');
    socket.setTimeout(20_000, () => socket.destroy(new Error(`SMTP ${host}:${port} timed out`)));
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl).replace(/\r$/, '');
        buffer = buffer.slice(nl + 1);
        if (/^\d{3}-/.test(line)) continue;
        if (!/^[23]\d\d /.test(line)) {
          socket.destroy(new Error(`SMTP ${host}:${port} after "${steps[step] ?? 'greeting'}": ${line}`));
          return;
        }
        if (step >= 0 && steps[step]?.endsWith('\r\n.')) last = line;
        step += 1;
        const next = steps[step];
        if (next === undefined) {
          socket.end();
          return;
        }
        socket.write(`${next}\r\n`);
      }
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(last));
  });
}
