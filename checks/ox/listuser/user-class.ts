// Which sync conf (full user or infostore user) covers a user in AD, and the AD values the sync maps to OX.
import type { CheckContext } from '../../../src/core/check.js';
import { escapeFilterValue } from '../../../src/ox/ldap-filter.js';
import { firstValue, withAd } from '../../../src/protocols/ad-directory.js';
import { mappedAttribute, type SyncSetup } from '../../../src/facts/sync-confs.js';

export interface AdUser {
  readonly setup: SyncSetup;
  readonly dn: string;
  readonly mail: string | undefined;
  readonly imapLogin: string | undefined;
}

// null when no conf's userfilter matches the login in AD.
export async function adUserClass(
  ctx: CheckContext,
  setups: readonly SyncSetup[],
  login: string,
): Promise<AdUser | null> {
  return withAd(ctx, async (client, ad) => {
    for (const setup of setups) {
      const userfilter = setup.conf.get('userfilter');
      if (!userfilter) continue;
      const nameAttr = mappedAttribute(setup, 'name', 'sAMAccountName');
      const mailAttr = mappedAttribute(setup, 'primaryemail', 'mail');
      const loginAttr = mappedAttribute(setup, 'imaplogin', nameAttr);
      const filter = `(&${userfilter}(${nameAttr}=${escapeFilterValue(login)}))`;
      const base = setup.conf.get('userbasedn') ?? ad.baseDn;
      ctx.record(`LDAP search ${ad.target}`, `base ${base} scope sub filter ${filter} (as ${ad.bindDn})`);
      const { searchEntries } = await client.search(base, {
        scope: 'sub',
        filter,
        attributes: [mailAttr, loginAttr],
        sizeLimit: 2,
      });
      const entry = searchEntries[0];
      ctx.record(
        `LDAP result (${setup.name})`,
        entry ? `${entry.dn}\n${mailAttr}: ${firstValue(entry, mailAttr) ?? '(none)'}` : 'no entry',
      );
      if (entry)
        return { setup, dn: entry.dn, mail: firstValue(entry, mailAttr), imapLogin: firstValue(entry, loginAttr) };
    }
    return null;
  });
}
