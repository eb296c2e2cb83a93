// /etc/krb5.conf of a host.
import { parseKrb5Conf, type Krb5Conf } from '../kerberos/krb5-conf.js';
import { shared, type FactContext } from './context.js';
import { readText } from './read-text.js';

export const KRB5_CONF_PATH = '/etc/krb5.conf';

export function krb5Conf(ctx: FactContext): Promise<Krb5Conf | null> {
  return shared(ctx, 'krb5.conf', async () => {
    const file = await readText(ctx, KRB5_CONF_PATH);
    return file ? parseKrb5Conf(file.text) : null;
  }, (c) => (c ? `default realm ${c.defaultRealm ?? '(none)'}, ${c.realms.size} realms` : `${KRB5_CONF_PATH} not found`));
}
