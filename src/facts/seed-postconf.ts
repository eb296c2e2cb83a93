// The effective value (defaults included) of every postfix parameter the seed sets in main.cf or as a
// master.cf -o, from one `postconf NAME...`: a parameter removed from main.cf reports postfix's default.
import { parseMainCf } from '../postfix/main-cf.js';
import { SEED_SETTINGS } from '../seed/settings.js';
import { factKey, shared, type FactContext } from './context.js';
import { execSbin } from './sbin.js';

export const SEED_POSTCONF_NAMES: readonly string[] = [
  ...new Set(SEED_SETTINGS.filter((s) => s.source === 'main.cf' || s.source === 'master.cf').map((s) => s.key)),
].sort();

export interface SeedPostconf {
  readonly ran: boolean; // false: postconf could not run here
  readonly values: ReadonlyMap<string, string>; // names an old postfix does not know are missing
}

export const SEED_POSTCONF_FACT = factKey<SeedPostconf>('postconf (seed parameters)');

export function seedPostconf(ctx: FactContext): Promise<SeedPostconf> {
  return shared(
    ctx,
    SEED_POSTCONF_FACT,
    async () => {
      // "name = value" lines rather than -h: an old postfix skips names it does not know.
      const r = await execSbin(ctx, 'postconf', SEED_POSTCONF_NAMES);
      const values = parseMainCf(r.stdout).params;
      return { ran: r.code === 0 || values.size > 0, values };
    },
    (f) => (f.ran ? `${f.values.size} effective parameters` : 'postconf did not run'),
  );
}
