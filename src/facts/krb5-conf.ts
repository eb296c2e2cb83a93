// /etc/krb5.conf of a host.
import { parseKrb5Conf, type Krb5Conf } from '../kerberos/krb5-conf.js';
import { shared, type FactContext } from './context.js';
import { readText } from './read-text.js';

export const KRB5_CONF_PATH = '/etc/krb5.conf';

export function krb5Conf(ctx: FactContext): Promise<Krb5Conf | null> {
  return shared(ctx, 'krb5.conf', async () => {
    const text = await krb5ConfText(ctx);
    return text === null ? null : parseKrb5Conf(text);
  }, (c) => (c ? `default realm ${c.defaultRealm ?? '(none)'}, ${c.realms.size} realms` : `${KRB5_CONF_PATH} not found`));
}

// The file as the host has it, for a local libkrb5 that must see the same realms and KDCs (GSSAPI).
export function krb5ConfText(ctx: FactContext): Promise<string | null> {
  return shared(ctx, 'krb5.conf.text', async () => (await readText(ctx, KRB5_CONF_PATH))?.text ?? null, (t) => (t === null ? `${KRB5_CONF_PATH} not found` : `${KRB5_CONF_PATH}, ${t.length} bytes`));
}
