// Bar 3's writers, in a process of their own outside the lab hosts (their CPU is not the readers'): append
// RATE lines a second to each file for SECONDS, every 10 ms what is due, each line stamped (RFC 3339, us) and
// carrying its sequence number and the time it was written (ms, this machine's clock, which the reader shares).
// Prints the lines written per file as one JSON line. Args: RATE SECONDS HOST=PATH...
import { closeSync, openSync, writeSync } from 'node:fs';

const [rate = 10_000, seconds = 20] = process.argv.slice(2, 4).map(Number);
const targets = process.argv.slice(4).map((a) => {
  const [host, path] = a.split('=') as [string, string];
  return { host, fd: openSync(path, 'a'), written: 0 };
});
const now = (): number => performance.timeOrigin + performance.now();
const pad = 'x'.repeat(40); // lines as long as a maillog's (~120 bytes)
const started = now();

function tick(): void {
  const t = now();
  const due = Math.min(rate * seconds, Math.floor(((t - started) / 1000) * rate));
  const iso = new Date(t).toISOString().replace('Z', '000+00:00');
  for (const target of targets) {
    let text = '';
    for (; target.written < due; target.written++) {
      text += `${iso} ${target.host} bench[${process.pid}]: seq=${target.written} sent=${t.toFixed(3)} ${pad}\n`;
    }
    if (text) writeSync(target.fd, text);
  }
  if (due < rate * seconds) setTimeout(tick, 10);
  else {
    for (const target of targets) closeSync(target.fd);
    process.stdout.write(JSON.stringify(Object.fromEntries(targets.map((x) => [x.host, x.written]))) + '\n');
  }
}
tick();
