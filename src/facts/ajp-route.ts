// This host's OX node route, from the first of AJP_ROUTE_FILES that exists.
import { AJP_ROUTE_FILES, parseAjpRoute, type AjpRouteConfig } from '../ox/ajp-route.js';
import { factKey, shared, type FactContext } from './context.js';
import { readText } from './read-text.js';

export interface AjpRouteFact {
  readonly path?: string; // the file read, undefined when none exists
  readonly config?: AjpRouteConfig;
}

export const AJP_ROUTE_FACT = factKey<AjpRouteFact>('ajp-route');

export function ajpRoute(ctx: FactContext): Promise<AjpRouteFact> {
  return shared(
    ctx,
    AJP_ROUTE_FACT,
    async () => {
      for (const path of AJP_ROUTE_FILES) {
        const file = await readText(ctx, path);
        if (!file) continue;
        const config = parseAjpRoute(file.text);
        return config ? { path, config } : { path };
      }
      return {};
    },
    (f) =>
      f.config
        ? `${f.config.key} ${f.config.route} in ${f.path}`
        : `no node route in ${f.path ?? AJP_ROUTE_FILES.join(', ')}`,
  );
}
