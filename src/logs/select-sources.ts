// --source NAME picks the sources of that name, and a family by its first word: "ox" is ox, ox-admin and
// ox-console; "apache" both Apache logs. None given: every source.
import type { LogSource } from './types.js';

export function selectSources(sources: readonly LogSource[], wanted: readonly string[]): LogSource[] {
  if (wanted.length === 0) return [...sources];
  return sources.filter((s) => wanted.some((w) => s.source === w || s.source.startsWith(`${w}-`)));
}

// The wanted names that select no source at all (a typo, or a log no selected host writes).
export function unknownSources(sources: readonly LogSource[], wanted: readonly string[]): string[] {
  return wanted.filter((w) => selectSources(sources, [w]).length === 0);
}
