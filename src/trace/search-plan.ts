// A host's round of trace as searches: the terms whose lines start at a known place in one source (floorsOf) are
// read from there on in that source's files (older files not at all); the other terms, and every term in the
// host's other sources, are read whole. A search per group, so grep is not handed literals of different shapes
// together either (GNU grep 3.8's -F: 1.7 s for a Message-ID and a queue id at once in 1 GiB, 0.9 s one by one).
import type { LogFile } from '../logs/types.js';
import { placeBefore, type Place } from './next-terms.js';

export interface PlannedSearch {
  readonly files: readonly LogFile[];
  readonly terms: readonly string[];
  readonly startAt?: ReadonlyMap<string, number>; // path -> byte offset
}

// files: the host's files in listFiles' order (Place.file indexes them); floors: its terms' floors.
export function planSearches(
  files: readonly LogFile[],
  terms: readonly string[],
  floors: ReadonlyMap<string, Place | null> | undefined,
): PlannedSearch[] {
  const floored = new Map<string, Place>();
  for (const t of terms) {
    const place = floors?.get(t);
    if (place && files[place.file]?.source.path === place.source) floored.set(t, place);
  }
  if (floored.size === 0) return [{ files, terms }];
  const bySource = new Map<string, number>();
  for (const p of floored.values()) bySource.set(p.source, (bySource.get(p.source) ?? 0) + 1);
  const source = [...bySource].sort((a, b) => b[1] - a[1])[0]![0];
  const from = [...floored.entries()].filter(([, p]) => p.source === source);
  const fromTerms = new Set(from.map(([t]) => t));
  let first = from[0]![1];
  for (const [, p] of from) if (placeBefore(p, first)) first = p;
  const own = files.filter((f) => f.source.path === source);
  const others = files.filter((f) => f.source.path !== source);
  const whole = terms.filter((t) => !fromTerms.has(t));
  const out: PlannedSearch[] = [
    {
      files: own.filter((f) => files.indexOf(f) >= first.file),
      terms: [...fromTerms],
      ...(first.offset > 0 ? { startAt: new Map([[files[first.file]!.path, first.offset]]) } : {}),
    },
  ];
  if (whole.length > 0) out.push({ files: own, terms: whole });
  if (others.length > 0) out.push({ files: others, terms });
  return out;
}
