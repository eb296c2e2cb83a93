// Another host's transport as a check of this host sees it: every use waits for that host's gate first, so a
// peer that is down costs its connect timeout once and fails with its own TransportError.
import type { Transport } from '../transport/types.js';
import type { HostGate } from './host-gate.js';

export function peerTransport(gated: Transport, gate: HostGate): Transport {
  const open = (): Promise<void> => gate.ensureConnected();
  return {
    ...gated,
    host: gated.host,
    kind: gated.kind,
    exec: async (argv, options) => (await open(), gated.exec(argv, options)),
    execStream: async (argv, options) => (await open(), gated.execStream(argv, options)),
    readFile: async (path, options) => (await open(), gated.readFile(path, options)),
    connect: async (host, port, options) => (await open(), gated.connect(host, port, options)),
    tunnel: async (host, port) => (await open(), gated.tunnel(host, port)),
  };
}
