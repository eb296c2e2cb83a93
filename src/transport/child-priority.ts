// The nice value that commands oxdoctor starts on its own machine run at. The dashboard raises its own
// thread's priority (see tui/ui-priority.ts); a child forks from that thread and would inherit it, so each
// one is put back to the priority oxdoctor itself was started with.
import { setPriority } from 'node:os';

let childNice: number | undefined;

export function setChildPriority(nice: number | undefined): void {
  childNice = nice;
}

export function applyChildPriority(pid: number | undefined): void {
  if (childNice === undefined || pid === undefined) return;
  try {
    setPriority(pid, childNice);
  } catch {
    // the child has already exited
  }
}
