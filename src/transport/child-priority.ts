// The priority commands oxdoctor starts on its own machine run at. The dashboard may raise its own thread's
// priority (tui/ui-priority.ts); a child forks from that thread and would inherit it, so while it is raised
// each command starts under `nice -n N`, which puts it back before it runs anything (renicing the child after
// the spawn would race with what it forks first). A lowered priority is kept: a polite run is polite throughout.
import { getPriority } from 'node:os';

// childNice: the nice value commands run at (oxdoctor's own before the raise); undefined leaves argv as it is.
export function withChildPriority(argv: readonly string[], childNice: number | undefined): readonly string[] {
  if (childNice === undefined) return argv;
  const raisedBy = childNice - getPriority(0);
  return raisedBy > 0 ? ['nice', '-n', String(raisedBy), ...argv] : argv;
}
