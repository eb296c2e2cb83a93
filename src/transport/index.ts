// Building transports from host specs, and the pool that keeps one per host for a run.
// The folder's public face: local.ts runs commands here, ssh/ is the SSH transport (ssh/helper/ its remote
// helper), and the top level holds what both share (types, quoting, deadlines, output, tunnels).
import type { HostSpec } from '../core/host.js';
import { LocalTransport, type LocalTransportOptions } from './local.js';
import { SshTransport, type SshTransportOptions } from './ssh/transport.js';
import type { Transport, TransportInfo } from './types.js';

export type { Transport, TransportInfo } from './types.js';
export { LocalTransport, type LocalTransportOptions } from './local.js';
export { SshTransport, type SshTransportOptions } from './ssh/transport.js';
export { resolveSshTarget, type SshOverrides, type ResolveOptions } from './ssh/config.js';
export { quoteArg, quoteArgv } from './quote.js';

export function createTransport(
  spec: HostSpec,
  sshOptions?: SshTransportOptions,
  localOptions?: LocalTransportOptions,
): Transport {
  const t = spec.transport;
  return t.kind === 'local'
    ? new LocalTransport(spec.name, localOptions)
    : new SshTransport(spec.name, t.ssh, sshOptions);
}

// One transport per host name for the whole run; checks share it, closeAll() ends every connection.
export class TransportPool {
  private readonly transports = new Map<string, Transport>();

  constructor(
    private readonly sshOptions?: SshTransportOptions,
    private readonly localOptions?: LocalTransportOptions,
  ) {}

  get(spec: HostSpec): Transport {
    let t = this.transports.get(spec.name);
    if (!t) {
      t = createTransport(spec, this.sshOptions, this.localOptions);
      this.transports.set(spec.name, t);
    }
    return t;
  }

  // Per host: connections opened and channels open, for the benchmark and --verbose.
  stats(): Record<string, TransportInfo> {
    return Object.fromEntries([...this.transports].map(([name, t]) => [name, t.info()]));
  }

  async closeAll(): Promise<void> {
    const all = [...this.transports.values()];
    this.transports.clear();
    await Promise.allSettled(all.map((t) => t.close()));
  }
}
