// What the follow lab tests share: transports to the lab's hosts from its own config, scratch directories
// under /var/tmp on a host (removed afterwards), and the processes on a host that still name one.
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config/index.js';
import type { Transport } from '../../src/core/transport.js';
import { TransportPool } from '../../src/transport/index.js';

export const LAB_CONFIG = fileURLToPath(new URL('../lab/oxdoctor.yaml', import.meta.url));

export async function labTransports(): Promise<{ get(host: string): Transport; close(): Promise<void> }> {
  const site = await loadConfig({ explicitPath: LAB_CONFIG });
  const pool = new TransportPool();
  return {
    get(host: string): Transport {
      const spec = site.hosts.find((h) => h.name === host);
      if (!spec) throw new Error(`no host ${host} in ${LAB_CONFIG}`);
      return pool.get(spec);
    },
    close: () => pool.closeAll(),
  };
}

// A fresh directory on the host holding app.log with one "start" line; its name is unique to this run.
export async function scratchLog(t: Transport): Promise<{ dir: string; path: string }> {
  const dir = `/var/tmp/oxdoctor-follow-${randomBytes(6).toString('hex')}`;
  const r = await t.exec(['sh', '-c', 'mkdir "$1" && echo start >"$1/app.log"', 'sh', dir]);
  if (r.code !== 0) throw new Error(`cannot make ${dir} on ${t.host}: ${r.stderr}`);
  return { dir, path: `${dir}/app.log` };
}

export async function removeScratch(t: Transport, dir: string): Promise<void> {
  if (!dir.startsWith('/var/tmp/oxdoctor-follow-')) throw new Error(`not a scratch directory: ${dir}`);
  await t.exec(['rm', '-rf', '--', dir]);
}

// The processes (pid and command line) on the host whose command line names `needle`.
export async function processesNaming(t: Transport, needle: string): Promise<string[]> {
  const r = await t.exec(['ps', '-eww', '-o', 'pid=,args=']);
  return r.stdout.split('\n').filter((l) => l.includes(needle));
}

// Polls until no process names `needle` or `ms` have passed; the processes left then.
export async function readersLeftAfter(t: Transport, needle: string, ms: number): Promise<string[]> {
  const end = Date.now() + ms;
  for (;;) {
    const left = await processesNaming(t, needle);
    if (left.length === 0 || Date.now() >= end) return left;
    await new Promise((r) => setTimeout(r, 250));
  }
}
