// Bar 1's measured part, in a process of its own (its peak RSS is oxdoctor's alone): connect to the host, list
// the file as `logs` lists a source's files, search it for one queue id (grep -F on the host, H3's searchFiles),
// parse what arrives and keep the lines that name the id exactly. Prints its figures as one JSON line.
// Args: HOST PATH QUEUE-ID
import { listFiles } from '../../src/logs/files.js';
import { parseLogLine } from '../../src/logs/parse-line.js';
import { searchFiles } from '../../src/logs/search.js';
import type { LogSource } from '../../src/logs/types.js';
import { openLab, peakRssMb } from './logs-lab.js';
import { sessionCpuMs } from './logs-proc.js';

const [host = 'relay', path = '', id = ''] = process.argv.slice(2);
const loaded = performance.now();
const lab = await openLab();
const transport = lab.transport(host);
await transport.ensureConnected();
const connected = performance.now();
const source: LogSource = { host, source: 'maillog', kind: 'syslog', path };
const files = await listFiles(transport, [source]);
const listed = performance.now();
// The host's CPU for the search: the remote helper's tree (the lab's hosts share this machine's pids).
const helperPid = Number(/remote pid (\d+)/.exec(transport.info().helper ?? '')?.[1]);
const host0 = helperPid ? sessionCpuMs(helperPid) : NaN;
const client0 = process.cpuUsage();
let received = 0;
let matched = 0;
for await (const batch of searchFiles(transport, files, { fixed: [id] })) {
  for (const raw of batch) {
    received++;
    const ctx = { host, source: source.source, kind: source.kind, fileMtimeMs: raw.fileMtimeMs, utcOffsetMinutes: 0 };
    const line = parseLogLine(raw.text, ctx);
    if (line.queueId === id || Object.values(line.fields).includes(id)) matched++;
  }
}
const searched = performance.now();
const hostCpuMs = sessionCpuMs(helperPid) - host0;
const client = process.cpuUsage(client0);
const sessionMs = sessionCpuMs(helperPid); // the connection's whole life on the host, the helper's start included
const own = process.cpuUsage(); // this process' whole life, node's start included
await lab.close();
process.stdout.write(
  JSON.stringify({
    loadMs: loaded, // node's start and the modules, before the first line of this script
    connectMs: connected - loaded,
    listMs: listed - connected,
    searchMs: searched - listed,
    bytes: files.reduce((n, f) => n + f.size, 0),
    received,
    matched,
    hostCpuMs,
    clientCpuMs: (client.user + client.system) / 1000,
    totalCpuMs: (own.user + own.system) / 1000 + sessionMs,
    rssMb: peakRssMb(),
  }) + '\n',
);
