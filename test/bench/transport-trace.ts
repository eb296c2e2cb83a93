// A Transport that records each remote call a check makes (exec, execStream until done, readFile, connect,
// tunnel) with its start and end, to count how many of them lie one after another on the check's path.
import type { Transport } from '../../src/transport/index.js';

export interface Call {
  readonly kind: string;
  readonly what: string;
  readonly start: number;
  end: number;
}

export function traced(t: Transport, calls: Call[]): Transport {
  const record = async <R>(kind: string, what: string, run: () => Promise<R>): Promise<R> => {
    const call: Call = { kind, what, start: performance.now(), end: 0 };
    calls.push(call);
    try {
      return await run();
    } finally {
      call.end = performance.now();
    }
  };
  return {
    host: t.host,
    kind: t.kind,
    ensureConnected: (signal) => t.ensureConnected(signal),
    exec: (argv, o) => record('exec', argv.join(' '), () => t.exec(argv, o)),
    execStream: async (argv, o) => {
      const call: Call = { kind: 'execStream', what: argv.join(' '), start: performance.now(), end: Infinity };
      calls.push(call);
      const stream = await t.execStream(argv, o);
      void stream.done.finally(() => (call.end = performance.now())).catch(() => undefined);
      return stream;
    },
    readFile: (path, o) => record('readFile', path, () => t.readFile(path, o)),
    connect: (host, port, o) => record('connect', `${host}:${port}`, () => t.connect(host, port, o)),
    tunnel: (host, port) => record('tunnel', `${host}:${port}`, () => t.tunnel(host, port)),
    info: () => t.info(),
    close: () => t.close(),
  };
}

// Calls in sequence: a new wave starts when a call starts after every earlier call has ended.
export function waves(calls: readonly Call[]): number {
  let n = 0;
  let lastEnd = -Infinity;
  for (const c of [...calls].sort((a, b) => a.start - b.start)) {
    if (c.start >= lastEnd) n++;
    lastEnd = Math.max(lastEnd, c.end);
  }
  return n;
}
