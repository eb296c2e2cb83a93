// /etc/imapd.conf of a host (same path on RHEL and Debian).
import { parseImapdConf, type ImapdConf } from '../cyrus/imapd-conf.js';
import { factKey, shared, type FactContext } from './context.js';
import { readText } from './read-text.js';

export const IMAPD_CONF_PATH = '/etc/imapd.conf';

export const IMAPD_CONF_FACT = factKey<ImapdConf | null>('imapd.conf');

export function imapdConf(ctx: FactContext): Promise<ImapdConf | null> {
  return shared(
    ctx,
    IMAPD_CONF_FACT,
    async () => {
      const file = await readText(ctx, IMAPD_CONF_PATH);
      return file ? parseImapdConf(file.text) : null;
    },
    (c) => (c ? `${c.options.size} options` : `${IMAPD_CONF_PATH} not found`),
  );
}
