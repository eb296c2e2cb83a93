// The answers oxdoctor computed itself (ldap and pcre maps) asked again with `postmap -q` on the host: one run per
// table, keys on stdin. postfix acts on what postmap says, so a disagreement is named.
import type { Step } from '../../core/result.js';
import { agrees, crossCheckStep } from '../../checkkit/postmap-cross-check.js';
import type { HostView } from './host-view.js';

export async function postmapCrossCheck(view: HostView): Promise<{ step: Step | null; disagreements: number }> {
  const seen = new Set<string>();
  const own = view.lookups.own.filter((o) => {
    const id = `${o.table.type}:${o.table.name}\0${o.key}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  if (own.length === 0) return { step: null, disagreements: 0 };
  const theirs = await view.lookups.postmapPerTable(
    own.map((o) => ({ key: o.key, table: `${o.table.type}:${o.table.name}` })),
  );
  const step = crossCheckStep(own, theirs);
  const disagreements = own.filter((o, i) => !agrees(o.answer, theirs[i])).length;
  return { step: { ...step, summary: `${view.name}: ${step.summary}` }, disagreements };
}
