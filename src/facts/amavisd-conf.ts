// amavisd's configuration files of a host, in the order amavisd reads them (Debian's conf.d, then the
// single-file layouts of Debian, EPEL and RHEL5), as the assignments they make. One command for all files.
import { parseAmavisConf, type AmavisConf } from '../amavis/amavisd-conf.js';
import { factKey, shared, type FactContext } from './context.js';
import { dumpFiles } from './file-dump.js';

export const AMAVISD_CONF_PATTERNS = [
  '/etc/amavis/conf.d/*',
  '/etc/amavis/amavisd.conf',
  '/etc/amavisd.conf',
  '/etc/amavisd/amavisd.conf', // RHEL5, the seed
];

export interface AmavisdConfFacts {
  readonly files: readonly string[]; // paths read, in order; empty: no amavisd configuration here
  readonly conf: AmavisConf;
}

export const AMAVISD_CONF_FACT = factKey<AmavisdConfFacts>('amavisd.conf');

export function amavisdConf(ctx: FactContext): Promise<AmavisdConfFacts> {
  return shared(
    ctx,
    AMAVISD_CONF_FACT,
    async () => {
      const files = await dumpFiles(ctx, AMAVISD_CONF_PATTERNS, 'amavisd configuration');
      return { files: files.map((f) => f.path), conf: parseAmavisConf(files) };
    },
    (f) => (f.files.length > 0 ? `${f.conf.size} assignments in ${f.files.join(', ')}` : 'no amavisd configuration'),
  );
}
