// seedDeviations: where a site deliberately differs from the seed, validated against the seed's setting ids.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfigText } from '../../src/config/index.js';
import { showConfig } from '../../src/config/show.js';

const BASE = 'hosts:\n  servera: { address: 127.0.10.2, roles: [groupware] }\n';
const load = (text: string) =>
  loadConfigText(BASE + text, 'seed.yaml', { env: {}, home: '/nonexistent', isTTY: false });

async function problems(text: string): Promise<readonly string[]> {
  try {
    await load(text);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('seedDeviations', () => {
  it('keeps a deviation with its value (numbers as text, null for unset), reason and hosts, and shows it', async () => {
    const loaded = await load(`seedDeviations:
  - { setting: krb5.conf/dns_lookup_kdc, value: "false", reason: no DNS here }
  - { setting: main.cf/message_size_limit, value: 10240000, reason: the site's limit, hosts: [servera] }
  - { setting: imapd.conf/autocreate_sieve_script, value: null, reason: copyjunkfilter does it }
`);
    expect(loaded.site.seedDeviations).toEqual([
      { setting: 'krb5.conf/dns_lookup_kdc', value: 'false', reason: 'no DNS here' },
      { setting: 'main.cf/message_size_limit', value: '10240000', reason: "the site's limit", hosts: ['servera'] },
      { setting: 'imapd.conf/autocreate_sieve_script', value: null, reason: 'copyjunkfilter does it' },
    ]);
    expect(showConfig(loaded)).toMatch(/seedDeviations:\n {2}- setting: krb5\.conf\/dns_lookup_kdc/);
  });

  it('is absent from the site when the config has none', async () => {
    expect((await load('')).site.seedDeviations).toBeUndefined();
  });

  it('names the ids a misspelt setting may have meant', async () => {
    expect(
      await problems('seedDeviations:\n  - { setting: krb5/dns_lookup_kdc, value: "false", reason: x }\n'),
    ).toEqual([
      'seed.yaml:4:16: seedDeviations[0].setting: unknown seed setting (did you mean krb5.conf/dns_lookup_kdc?)',
    ]);
  });

  it('refuses a deviation without a reason, and unknown keys', async () => {
    expect(
      await problems('seedDeviations:\n  - { setting: krb5.conf/dns_lookup_kdc, value: "false", why: x }\n'),
    ).toEqual([
      'seed.yaml:4:5: seedDeviations[0].reason: missing (expected a string)',
      'seed.yaml:4:58: seedDeviations[0].why: unknown key (expected one of: setting, value, reason, hosts)',
    ]);
  });
});
