// `oxdoctor trace ID|<MESSAGE-ID>|ADDRESS`: one message followed across every selected host's logs, hop by hop,
// and where each recipient's copy ended (src/trace). The exit code is the trace's: 0 delivered everywhere,
// 1 deferred or still queued, 2 bounced, rejected or lost, 3 not found (or a usage or configuration error).
import { UserError } from '../../core/errors.js';
import type { HostSpec } from '../../core/host.js';
import type { SiteConfig } from '../../core/site.js';
import { discoverSources } from '../../logs/discover.js';
import { offsetNote } from '../../logs/line-format.js';
import { parseTimeSpec } from '../../logs/time-spec.js';
import { correctionOf, measureClockOffset } from '../../unix/clock-offset.js';
import { colorEnabled } from '../../reporters/ansi.js';
import type { TraceHostInput } from '../../trace/collect.js';
import type { TraceStart } from '../logs-options.js';
import type { GlobalOptions } from '../global-options.js';
import { say, sayHostError, type CliIO } from '../io.js';
import { onInterrupt } from '../interrupt.js';
import { lineWriter } from '../line-writer.js';
import { loadSiteForHosts, openSession } from '../session.js';

export const DEFAULT_TRACE_SINCE = '1d';

export interface TraceOptions {
  readonly start: TraceStart;
  readonly host: readonly string[];
  readonly since?: string;
  readonly until?: string;
  readonly format: 'text' | 'json';
}

export async function runTraceCommand(options: TraceOptions, globals: GlobalOptions, io: CliIO): Promise<number> {
  const now = Date.now();
  const since = parseTimeSpec(options.since ?? DEFAULT_TRACE_SINCE, now)!;
  const until = options.until === undefined ? undefined : parseTimeSpec(options.until, now)!;
  if (until !== undefined && until <= since) throw new UserError('--until is not after --since');
  const loaded = await loadSiteForHosts(options.host, globals, io);
  const session = await openSession(loaded, { host: options.host, check: [] }, globals, io);
  const uninstall = onInterrupt(io, () => session.close());
  const progress = io.stderr.isTTY === true ? (text: string) => say(io, `oxdoctor: ${text}`) : undefined;
  try {
    const offsets = new Map<string, number>();
    const inputs = await Promise.all(
      session.selected.map((spec) => input(spec, loaded.site, session.transports.get(spec), io, offsets)),
    );
    const ready = inputs.filter((i) => i !== undefined);
    if (ready.length === 0) {
      say(io, 'oxdoctor: no host could be read');
      return 3;
    }
    const [{ collectTrace }, { HostAddressBook, renderTraceJson, renderTraceText }] = await Promise.all([
      import('../../trace/collect.js'),
      import('../../trace/index.js'),
    ]);
    const result = await collectTrace(
      ready,
      { ...options.start, since, ...(until === undefined ? {} : { until }) },
      { book: HostAddressBook.fromSite(loaded.site), offsets, ...(progress ? { onProgress: progress } : {}) },
    );
    const color = colorEnabled({ isTTY: io.stdout.isTTY === true, env: io.env, flag: globals.color });
    const text = options.format === 'json' ? renderTraceJson(result) : renderTraceText(result, { color });
    await lineWriter(io).write([text.replace(/\n$/, '')]);
    return result.exitCode;
  } finally {
    uninstall();
    await session.close();
  }
}

async function input(
  spec: HostSpec,
  site: SiteConfig,
  transport: TraceHostInput['transport'],
  io: CliIO,
  offsets: Map<string, number>, // filled: each host's clock offset, when a second or more
): Promise<TraceHostInput | undefined> {
  try {
    const [logs, offset] = await Promise.all([
      discoverSources(transport, spec.name),
      measureClockOffset((argv) => transport.exec(argv, { timeoutMs: 5000 })),
    ]);
    if ('error' in offset) sayHostError(io, spec.name, `clock not read (${offset.error}); its times are taken as read`);
    else if (correctionOf(offset.offsetMs) !== 0) {
      const note = offsetNote(spec.name, offset.offsetMs);
      if (note) say(io, `oxdoctor: ${note}`);
      offsets.set(spec.name, offset.offsetMs);
    }
    const own = spec.transport.kind === 'ssh' ? [spec.transport.ssh.hostname] : ['127.0.0.1'];
    const vip = spec.cluster ? site.clusters?.[spec.cluster]?.vip : undefined;
    return { host: spec.name, transport, logs, addresses: [...own, ...(vip ? [vip] : [])] };
  } catch (err) {
    sayHostError(io, spec.name, err);
    return undefined;
  }
}
