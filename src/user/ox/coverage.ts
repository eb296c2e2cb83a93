// Which oxldapsync conf covers one AD entry, evaluated by AD itself: a base-scope search of the entry with the
// conf's userfilter (the filter as the host's conf has it, the entry's DN as AD gave it: no user input), and the
// entry under the conf's userbasedn. For a conf that does not page (ldaptype = openldap), the search the sync
// makes is repeated as it makes it, unpaged, to see whether AD's size limit leaves the user out of it.
import type { Client } from 'ldapts';
import type { CheckContext } from '../../core/check.js';
import { pagesResults } from '../../ox/ldapsync-conf.js';
import { allValues, firstValue, withAd, type AdEndpoint } from '../../protocols/ad-directory.js';
import { mappedAttribute, type SyncSetup } from '../../facts/sync-confs.js';
import { dnWithin, sameDn } from './dn.js';

// What AD holds for the attributes the conf's mapping reads.
export interface MappedValues {
  readonly name: string | undefined;
  readonly mail: string | undefined;
  readonly imapLogin: string | undefined;
  readonly aliases: readonly string[] | undefined; // undefined: the mapping maps no aliases
}

// Whether the sync's own unpaged search returns the user (only for a conf that does not page).
export interface UnpagedReach {
  readonly returned: number;
  readonly seen: boolean;
}

export interface ConfCoverage {
  readonly setup: SyncSetup;
  readonly base: string;
  readonly inBase: boolean;
  readonly matches: boolean; // under the base and the userfilter matches
  readonly values?: MappedValues;
  readonly unpaged?: UnpagedReach;
}

// A client size limit above AD's cap: ldapts then hands back the entries a size-limited answer carried.
const UNPAGED_CLIENT_LIMIT = 1_000_000;

export function coverageOf(ctx: CheckContext, setups: readonly SyncSetup[], dn: string): Promise<ConfCoverage[]> {
  return withAd(ctx, async (client, ad) => {
    const out: ConfCoverage[] = [];
    for (const setup of setups) {
      const filter = setup.conf.get('userfilter');
      if (!filter) continue;
      const base = setup.conf.get('userbasedn') ?? ad.baseDn;
      const inBase = dnWithin(dn, base);
      const values = inBase ? await matchEntry(ctx, client, ad, setup, dn, filter) : undefined;
      const unpaged =
        values && !pagesResults(setup.conf) ? await unpagedReach(ctx, client, ad, base, filter, dn) : undefined;
      out.push({
        setup,
        base,
        inBase,
        matches: values !== undefined,
        ...(values ? { values } : {}),
        ...(unpaged ? { unpaged } : {}),
      });
    }
    return out;
  });
}

async function matchEntry(
  ctx: CheckContext,
  client: Client,
  ad: AdEndpoint,
  setup: SyncSetup,
  dn: string,
  filter: string,
): Promise<MappedValues | undefined> {
  const attrs = {
    name: mappedAttribute(setup, 'name', 'sAMAccountName'),
    mail: mappedAttribute(setup, 'primaryemail', 'mail'),
    imapLogin: mappedAttribute(setup, 'imaplogin', mappedAttribute(setup, 'name', 'sAMAccountName')),
    aliases: setup.mapping?.get('aliases'),
  };
  ctx.record(`LDAP search ${ad.target} (${setup.name})`, `base ${dn} scope base filter ${filter} (as ${ad.bindDn})`);
  const { searchEntries } = await client.search(dn, {
    scope: 'base',
    filter,
    attributes: [attrs.name, attrs.mail, attrs.imapLogin, ...(attrs.aliases ? [attrs.aliases] : [])],
  });
  const entry = searchEntries[0];
  ctx.record(`LDAP result (${setup.name})`, entry ? `${entry.dn}: the userfilter matches` : 'no entry: no match');
  if (!entry) return undefined;
  return {
    name: firstValue(entry, attrs.name),
    mail: firstValue(entry, attrs.mail),
    imapLogin: firstValue(entry, attrs.imapLogin),
    aliases: attrs.aliases ? allValues(entry, attrs.aliases) : undefined,
  };
}

async function unpagedReach(
  ctx: CheckContext,
  client: Client,
  ad: AdEndpoint,
  base: string,
  filter: string,
  dn: string,
): Promise<UnpagedReach> {
  const { searchEntries } = await client.search(base, {
    scope: 'sub',
    filter,
    attributes: ['1.1'],
    sizeLimit: UNPAGED_CLIENT_LIMIT,
  });
  const seen = searchEntries.some((e) => sameDn(e.dn, dn));
  ctx.record(
    `LDAP unpaged search ${ad.target}`,
    `base ${base} scope sub filter ${filter}, no paging (as ldaptype = openldap searches): ` +
      `${searchEntries.length} entries, the user ${seen ? 'among them' : 'not among them'}`,
  );
  return { returned: searchEntries.length, seen };
}
