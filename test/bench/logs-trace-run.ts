// Bar 2's measured part, in a process of its own: `oxdoctor trace QUEUE-ID` over the bench's files (relay's
// 1 GiB maillog, the small server A and B ones) through H4's collectTrace: connect, search, follow the ids it
// finds, build the hops. Prints its figures as one JSON line. Args: a JSON BenchData file (meta.json)
import { readFileSync } from 'node:fs';
import type { HostLogs } from '../../src/logs/discover.js';
import { collectTrace } from '../../src/trace/collect.js';
import type { BenchData } from './logs-data.js';
import { openLab, peakRssMb } from './logs-lab.js';
import { sessionCpuMs } from './logs-proc.js';

const data = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as BenchData;
const loaded = performance.now();
const lab = await openLab();
const hosts = (['relay', 'servera', 'serverb'] as const).map((host) => {
  const spec = lab.spec(host);
  const logs: HostLogs = {
    host,
    sources: [{ host, source: 'maillog', kind: 'syslog', path: data.files[host] }],
    utcOffsetMinutes: -new Date().getTimezoneOffset(), // the lab hosts share this machine's zone
    warnings: [],
  };
  const addresses = spec.transport.kind === 'ssh' ? [spec.transport.ssh.hostname] : [];
  return { host, transport: lab.transport(host), logs, addresses };
});
const rounds: string[] = [];
const query = { queueId: data.plantedIds[0]!, since: Date.now() - 86_400_000 };
const result = await collectTrace(hosts, query, { onProgress: (t) => void (/^round/.test(t) && rounds.push(t)) });
const traced = performance.now();
// CPU of the whole run: this process and each host's SSH session (the lab's hosts share this machine's pids).
const helperPids = hosts.map((h) => Number(/remote pid (\d+)/.exec(h.transport.info().helper ?? '')?.[1]));
const hostCpuMs = helperPids.map((pid) => (pid ? sessionCpuMs(pid) : 0));
const own = process.cpuUsage();
await lab.close();
const message = result.messages[0];
process.stdout.write(
  JSON.stringify({
    loadMs: loaded,
    traceMs: traced - loaded,
    exitCode: result.exitCode,
    messages: result.messages.length,
    hops: message?.hops.length ?? 0,
    hosts: [...new Set(message?.hops.map((h) => h.host) ?? [])],
    ends: message?.ends.map((e) => `${e.recipient} ${e.state} on ${e.host}`) ?? [],
    rounds,
    hostCpuMs,
    clientCpuMs: (own.user + own.system) / 1000,
    rssMb: peakRssMb(),
  }) + '\n',
);
