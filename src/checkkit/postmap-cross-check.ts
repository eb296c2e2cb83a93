// oxdoctor's own evaluation of a map against `postmap -q` on the host: one step that says where they disagree.
// Shared by routing/ldap-maps and oxdoctor user's routing.
import type { Step } from '../core/result.js';
import type { OwnAnswer } from '../facts/map-lookups.js';
import type { TableRef } from '../postfix/main-cf.js';
import type { PostmapAnswer } from '../postfix/postmap-query.js';

export const tableName = (t: TableRef): string => `${t.type}:${t.name}`;

export function agrees(mine: PostmapAnswer, theirs: PostmapAnswer | undefined): boolean {
  if (!theirs || mine.kind !== theirs.kind) return false;
  if (mine.kind === 'found' && theirs.kind === 'found') return normalise(mine.value) === normalise(theirs.value);
  if (mine.kind === 'error' && theirs.kind === 'error') return mine.cause === theirs.cause || theirs.cause === 'other';
  return true;
}

// Entry order is the server's; compare as sets.
function normalise(v: string): string {
  return v
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .sort()
    .join(',');
}

const show = (a: PostmapAnswer | undefined): string =>
  !a
    ? 'nothing'
    : a.kind === 'found'
      ? JSON.stringify(a.value)
      : a.kind === 'not-found'
        ? 'not found'
        : `an error (${a.message})`;

export function crossCheckStep(own: readonly OwnAnswer[], theirs: readonly PostmapAnswer[]): Step {
  const differ = own.map((o, i) => ({ o, t: theirs[i] })).filter(({ o, t }) => !agrees(o.answer, t));
  if (differ.length === 0)
    return { name: 'postmap -q', status: 'ok', summary: `postmap -q agrees on all ${own.length} lookups` };
  const first = differ
    .slice(0, 3)
    .map(
      ({ o, t }) =>
        `${tableName(o.table)} for ${JSON.stringify(o.key)}: oxdoctor reads ${show(o.answer)}, postmap -q ${show(t)}`,
    );
  return {
    name: 'postmap -q',
    status: 'warn',
    summary: `postmap -q disagrees with oxdoctor's evaluation on ${differ.length} of ${own.length} lookups (${first.join('; ')})`,
    hint: "postfix acts on what postmap -q says: compare the map file with what oxdoctor read (evidence), and report a mismatch in oxdoctor's evaluation as a bug",
  };
}
