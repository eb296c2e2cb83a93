// --source NAME picks the sources of that name, and a family by its first word: "ox" is ox, ox-admin and
// ox-console; "apache" both Apache logs. None given: every source.
import type { LogSource } from './types.js';

export function selectSources(sources: readonly LogSource[], wanted: readonly string[]): LogSource[] {
  if (wanted.length === 0) return [...sources];
  return sources.filter((s) => wanted.some((w) => s.source === w || s.source.startsWith(`${w}-`)));
}
