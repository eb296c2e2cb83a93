// /etc/krb5.conf of a host.
import { parseKrb5Conf, type Krb5Conf } from '../kerberos/krb5-conf.js';
import { factKey, shared, type FactContext } from './context.js';
import { readText } from './read-text.js';

export const KRB5_CONF_PATH = '/etc/krb5.conf';

export const KRB5_CONF_FACT = factKey<Krb5Conf | null>('krb5.conf');

export function krb5Conf(ctx: FactContext): Promise<Krb5Conf | null> {
  return shared(
    ctx,
    KRB5_CONF_FACT,
    async () => {
      const text = await krb5ConfText(ctx);
      return text === null ? null : parseKrb5Conf(text);
    },
    (c) => (c ? `default realm ${c.defaultRealm ?? '(none)'}, ${c.realms.size} realms` : `${KRB5_CONF_PATH} not found`),
  );
}

// The file as the host has it, for a local libkrb5 that must see the same realms and KDCs (GSSAPI).
export const KRB5_CONF_TEXT_FACT = factKey<string | null>('krb5.conf.text');

export function krb5ConfText(ctx: FactContext): Promise<string | null> {
  return shared(
    ctx,
    KRB5_CONF_TEXT_FACT,
    async () => (await readText(ctx, KRB5_CONF_PATH))?.text ?? null,
    (t) => (t === null ? `${KRB5_CONF_PATH} not found` : `${KRB5_CONF_PATH}, ${t.length} bytes`),
  );
}
