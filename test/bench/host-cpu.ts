// CPU time spent inside each lab host: every process whose mount namespace is the host's (its sshd and the
// sessions and commands it forks, and the servers the host runs: postfix, cyrus, mariadb, tomcat, slapd ...).
// Per process utime + stime + cutime + cstime from /proc/PID/stat: a process that ends is reaped by its parent in
// the same namespace (an sshd session by the listening sshd, smtpd by postfix's master), whose c-times then hold
// it, so the sum over a namespace before and after covers the processes that came and went in between.
// Not included: a process orphaned to the machine's init (its time leaves the namespace), and the kernel's own
// work for the loopback traffic (softirq, charged to whoever was running).
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

const TICK_MS = 10; // USER_HZ is 100 on Linux

// Host name -> its mount namespace ("mnt:[4026532180]"), from the lab's namespace pid files.
export function hostNamespaces(labState: string, hosts: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const host of hosts) {
    try {
      const pid = readFileSync(join(labState, 'ns', `${host}.pid`), 'utf8').trim();
      out.set(host, readlinkSync(`/proc/${pid}/ns/mnt`));
    } catch {
      // host down: left out
    }
  }
  return out;
}

// CPU ms per host namespace, now (processes and their reaped children, since they started).
export function hostCpuMs(namespaces: ReadonlyMap<string, string>): Map<string, number> {
  const byNs = new Map<string, string>([...namespaces].map(([host, ns]) => [ns, host]));
  const out = new Map<string, number>([...namespaces.keys()].map((h) => [h, 0]));
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const host = byNs.get(readlinkSync(`/proc/${pid}/ns/mnt`));
      if (!host) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Fields after "(comm) ": state is [0]; utime, stime, cutime, cstime are fields 14-17, [11]..[14] here.
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
      out.set(host, out.get(host)! + ticks * TICK_MS);
    } catch {
      // gone between readdir and read
    }
  }
  return out;
}

export function diffCpu(before: ReadonlyMap<string, number>, after: ReadonlyMap<string, number>): Map<string, number> {
  return new Map([...after].map(([h, ms]) => [h, ms - (before.get(h) ?? 0)]));
}
