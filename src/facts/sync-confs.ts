// The host's oxldapsync setup: each ldapsync conf (full users, infostore users) with the mapping file it names.
import type { CheckContext } from '../core/check.js';
import { factKey, shared } from './context.js';
import { readText } from './read-text.js';
import { parseSyncConf, type SyncConf } from '../ox/ldapsync-conf.js';

export const SYNC_CONF_PATHS = [
  '/opt/oxldapsync/etc/ldapsync-ads.conf',
  '/opt/oxldapsync/etc/ldapsync-infostore-ads.conf',
];

export interface SyncSetup {
  readonly path: string;
  readonly name: string; // file name, as the log names it
  readonly conf: SyncConf;
  readonly mappingPath: string | null;
  readonly mapping: SyncConf | null; // null when the mapping file is missing
}

export const SYNC_SETUPS_FACT = factKey<SyncSetup[]>('oxldapsync confs');

export function syncSetups(ctx: CheckContext): Promise<SyncSetup[]> {
  return shared(
    ctx,
    SYNC_SETUPS_FACT,
    async () => {
      const out: SyncSetup[] = [];
      for (const path of SYNC_CONF_PATHS) {
        const file = await readText(ctx, path);
        if (!file) continue;
        const conf = parseSyncConf(file.text);
        const mappingPath = conf.get('mappingfile') ?? null;
        const mappingFile = mappingPath ? await readText(ctx, mappingPath) : null;
        out.push({
          path,
          name: path.slice(path.lastIndexOf('/') + 1),
          conf,
          mappingPath,
          mapping: mappingFile ? parseSyncConf(mappingFile.text) : null,
        });
      }
      return out;
    },
    (s) => `oxldapsync confs: ${s.map((x) => x.name).join(', ') || 'none'}`,
  );
}

// The AD attribute the sync maps to OX field `key` (e.g. name -> sAMAccountName).
export function mappedAttribute(setup: SyncSetup, key: string, fallback: string): string {
  return setup.mapping?.get(key) ?? fallback;
}
