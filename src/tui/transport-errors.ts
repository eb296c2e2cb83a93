// The status line's transport problems: each host whose connection check failed, with its fix
// (for a refused host key, the fingerprint and how to accept it, as the check's hint says).
import type { Snapshot } from '../runner/store.js';

export const CONNECT_CHECK = 'host/ssh';

export interface HostProblem {
  readonly host: string;
  readonly text: string;
}

export function transportProblems(snapshot: Snapshot): HostProblem[] {
  const out: HostProblem[] = [];
  for (const e of snapshot.entries) {
    if (e.check !== CONNECT_CHECK) continue;
    const r = e.result ?? e.previous;
    if (!r || r.status === 'ok') continue;
    out.push({ host: e.host, text: `${e.host}: ${r.summary}${r.hint ? `; ${r.hint}` : ''}` });
  }
  return out;
}
