// The lookup tables a host's postfix names (main.cf and master.cf -o), shared by the map checks.
import { mapInventory, type MapUse } from '../postfix/map-inventory.js';
import { factKey, shared, type FactContext } from './context.js';
import { masterCf } from './master-cf.js';
import { postconf } from './postconf.js';

export interface PostfixMapsFacts {
  readonly available: boolean; // false: no postfix configuration on this host
  readonly uses: readonly MapUse[];
}

export const POSTFIX_MAPS_FACT = factKey<PostfixMapsFacts>('postfix-maps');

export function postfixMaps(ctx: FactContext): Promise<PostfixMapsFacts> {
  return shared(
    ctx,
    POSTFIX_MAPS_FACT,
    async () => {
      const pc = await postconf(ctx);
      if (!pc.available) return { available: false, uses: [] };
      const master = await masterCf(ctx);
      return { available: true, uses: mapInventory(pc.params, master.services, pc.expand) };
    },
    (f) => (f.available ? `${f.uses.length} table references in main.cf and master.cf` : 'no postfix configuration'),
  );
}
