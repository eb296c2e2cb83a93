// The hosts the test messages pass, as the trace reads them: each host's discovered log sources, the addresses
// it listens on (a cluster's VIP on each node), and its clock offset (taken off its log times so hops sort
// across hosts), as `oxdoctor trace` prepares them. A host that cannot be read is left out.
import type { HostSpec } from '../../core/host.js';
import type { SiteConfig } from '../../core/site.js';
import type { Transport } from '../../core/transport.js';
import { discoverSources } from '../../logs/discover.js';
import type { TraceHostInput } from '../../trace/collect.js';
import { correctionOf, measureClockOffset } from '../../unix/clock-offset.js';

export interface TraceHosts {
  readonly inputs: readonly TraceHostInput[];
  readonly offsets: ReadonlyMap<string, number>;
  readonly unreadable: readonly string[]; // "serverb: why"
}

export async function traceHosts(
  site: SiteConfig,
  specs: readonly (HostSpec | undefined)[],
  io: { transportFor(host: HostSpec): Transport; signal?: AbortSignal },
): Promise<TraceHosts> {
  const offsets = new Map<string, number>();
  const unreadable: string[] = [];
  const unique = [...new Map(specs.filter((s) => s !== undefined).map((s) => [s.name, s])).values()];
  const inputs = await Promise.all(
    unique.map(async (spec): Promise<TraceHostInput | undefined> => {
      const transport = io.transportFor(spec);
      try {
        const [logs, offset] = await Promise.all([
          discoverSources(transport, spec.name, io.signal),
          measureClockOffset((argv) => transport.exec(argv, { timeoutMs: 5000 })),
        ]);
        if (!('error' in offset) && correctionOf(offset.offsetMs) !== 0) offsets.set(spec.name, offset.offsetMs);
        const own = spec.transport.kind === 'ssh' ? [spec.transport.ssh.hostname] : ['127.0.0.1'];
        const vip = spec.cluster ? site.clusters?.[spec.cluster]?.vip : undefined;
        return { host: spec.name, transport, logs, addresses: [...own, ...(vip ? [vip] : [])] };
      } catch (err) {
        unreadable.push(`${spec.name}: ${err instanceof Error ? err.message : String(err)}`);
        return undefined;
      }
    }),
  );
  return { inputs: inputs.filter((i) => i !== undefined), offsets, unreadable };
}
