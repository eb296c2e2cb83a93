// master.cf of a host, read from postfix's own config directory.
import { parseMasterCf, type MasterService } from '../postfix/master-cf.js';
import { shared, type FactContext } from './context.js';
import { postconf } from './postconf.js';
import { readText } from './read-text.js';

export interface MasterCfFacts {
  readonly path: string;
  readonly found: boolean;
  readonly services: readonly MasterService[];
}

export function masterCf(ctx: FactContext): Promise<MasterCfFacts> {
  return shared(ctx, 'master.cf', async () => {
    const { configDirectory } = await postconf(ctx);
    const path = `${configDirectory}/master.cf`;
    const file = await readText(ctx, path);
    return { path, found: file !== null, services: file ? parseMasterCf(file.text) : [] };
  }, (f) => (f.found ? `${f.services.length} services in ${f.path}` : `${f.path} not found`));
}
