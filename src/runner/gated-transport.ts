// The transport as a check sees it: connecting goes through the host's gate, closing is the pool's job.
import type { Transport } from '../transport/types.js';
import type { HostGate } from './host-gate.js';

export function gatedTransport(inner: Transport, gate: HostGate): Transport {
  return {
    host: inner.host,
    kind: inner.kind,
    ensureConnected: () => gate.ensureConnected(),
    exec: (argv, options) => inner.exec(argv, options),
    execStream: (argv, options) => inner.execStream(argv, options),
    readFile: (path, options) => inner.readFile(path, options),
    connect: (host, port, options) => inner.connect(host, port, options),
    tunnel: (host, port) => inner.tunnel(host, port),
    info: () => inner.info(),
    close: async () => undefined,
  };
}
