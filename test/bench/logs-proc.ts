// CPU one SSH connection costs its host, from /proc (the lab's hosts are mount namespaces of this machine, so
// their processes are visible here): the tree of the sshd session process that is the remote helper's parent
// (it encrypts what the commands send; the helper's commands and any command on a channel of its own run under
// it): every live process in it, utime + stime + the c-times of its reaped children (no longer in the tree).
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

interface Stat {
  readonly ppid: number;
  readonly own: number; // ms
  readonly children: number; // ms
}

function statOf(pid: string): Stat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const tick = (i: number): number => Number(f[i]) * TICK_MS;
    return { ppid: Number(f[1]), own: tick(11) + tick(12), children: tick(13) + tick(14) };
  } catch {
    return undefined; // gone between readdir and read
  }
}

export function sessionCpuMs(helperPid: number): number {
  const stats = new Map<number, Stat>();
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const s = statOf(pid);
    if (s) stats.set(Number(pid), s);
  }
  const kids = new Map<number, number[]>();
  for (const [pid, s] of stats) kids.set(s.ppid, [...(kids.get(s.ppid) ?? []), pid]);
  const root = stats.get(helperPid)?.ppid ?? helperPid;
  let total = 0;
  const todo = [root];
  while (todo.length > 0) {
    const pid = todo.pop()!;
    const s = stats.get(pid);
    if (!s) continue;
    total += s.own + s.children;
    todo.push(...(kids.get(pid) ?? []));
  }
  return total;
}
