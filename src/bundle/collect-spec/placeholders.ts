// Fills a command item's {placeholders} from the site's config (and a forEach path). Each placeholder is a
// whole argv element or part of one; values stay argv elements, which the transport quotes.
import type { CommandItem, Placeholder } from './types.js';

export type PlaceholderValues = Partial<Record<Placeholder, string>>;

// The argv with every placeholder filled, or null when one has no value (the item is then skipped).
export function resolveArgv(item: CommandItem, values: PlaceholderValues): string[] | null {
  let missing = false;
  const argv = item.argv.map((arg) =>
    arg.replace(/(?<![%$])\{(path|oxContext|oxAdmin)\}/g, (_all, name: Placeholder) => {
      const v = values[name];
      if (v === undefined || /[\r\n\0]/.test(v)) missing = true;
      return v ?? '';
    }),
  );
  return missing ? null : argv;
}
