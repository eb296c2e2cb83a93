// ox/sync-coverage: every AD user the sync's filters match exists in OX (names compared as sets).
import type { Check } from '../../src/core/check.js';
import { crit, ok, unknown, warn, type Metric } from '../../src/core/result.js';
import { pagesResults } from '../../src/ox/ldapsync-conf.js';
import { field } from '../../src/ox/listuser-csv.js';
import { firstValue, withAd } from '../../src/protocols/ad-directory.js';
import { listuser } from '../../src/checkkit/listuser.js';
import { mappedAttribute, syncSetups, type SyncSetup } from '../../src/facts/sync-confs.js';
import { notConfigured } from '../../src/core/not-configured.js';

// AD's default MaxPageSize: a search without paging returns at most this many entries.
export const AD_SIZE_LIMIT = 1000;

interface Coverage {
  readonly setup: SyncSetup;
  readonly inAd: number;
  readonly inOx: number;
  readonly missing: readonly string[];
}

export const syncCoverageCheck: Check = {
  id: 'ox/sync-coverage',
  title: 'OX sync coverage',
  roles: ['groupware'],
  proves:
    "every AD user matched by oxldapsync's userfilter exists in OX, and the 1000-entry truncation is named when that is the pattern",
  catches: [
    'a few AD users the sync matches are missing from OX, named',
    'many AD users missing from OX (more than 5 and over 1 %)',
    "the sync stops at AD's 1000-entry size limit (ldaptype does not page)",
    "OX holds exactly 1000 of more AD users though the conf pages (AD's MaxPageSize)",
    'listuser fails: configdb unreachable (exit 106)',
    "listuser fails: OX's own configdb credentials refused while the configdb answers",
  ],
  misses: [
    'OX users AD no longer matches (not compared this way; ox/listuser for the test user)',
    "users' attributes and module access out of date (only the test user's: ox/listuser)",
    'a userfilter that matches the wrong users (taken as given; ldapsearch with the filter)',
    'sync errors and a sync that stopped running (ox/ldapsync-log, cron/ox-jobs)',
    'AD unreachable: UNKNOWN, not judged here (service/ldap)',
  ],
  timeoutMs: 30_000,
  async run(ctx) {
    const setups = (await syncSetups(ctx)).filter((s) => s.conf.get('userfilter'));
    if (setups.length === 0)
      return unknown(
        `no oxldapsync conf with a userfilter on ${ctx.host.name} (looked for /opt/oxldapsync/etc/ldapsync*-ads.conf)`,
      );
    if (!ctx.site.endpoints.ldap) {
      return notConfigured(
        'endpoints.ldap',
        'the AD the sync reads, to compare with OX; not found in any postfix ldap map here',
      );
    }
    const [answer, adNames] = await Promise.all([
      listuser(ctx, '*'),
      adUsers(ctx, setups).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e)))),
    ]);
    if (!answer.ok) return answer.outcome;
    if (adNames instanceof Error)
      return unknown(`OX lists ${answer.csv.users.length} users but AD could not be read: ${adNames.message}`);
    const oxNames = new Set<string>();
    for (const u of answer.csv.users) {
      const name = field(u, 'Name');
      if (name) oxNames.add(name.toLowerCase());
    }
    const coverage: Coverage[] = setups.map((setup, i) => {
      const names = adNames[i]!;
      const missing: string[] = [];
      let inOx = 0;
      for (const n of names) {
        if (oxNames.has(n)) inOx++;
        else missing.push(n);
      }
      return { setup, inAd: names.size, inOx, missing };
    });
    const metrics: Metric[] = coverage.flatMap((c) => [
      { label: `ad_${c.setup.name}`, value: c.inAd, min: 0 },
      { label: `ox_${c.setup.name}`, value: c.inOx, min: 0 },
    ]);
    const gaps = coverage.filter((c) => c.missing.length > 0);
    const counts = coverage.map((c) => `${c.setup.name}: ${c.inOx} of ${c.inAd} AD users in OX`).join('; ');
    if (gaps.length === 0) return ok(`all AD users the sync matches are in OX (${counts})`, { metrics });
    const truncated = gaps.find(
      (c) => c.inAd > AD_SIZE_LIMIT && (c.inOx === AD_SIZE_LIMIT || !pagesResults(c.setup.conf)),
    );
    const worst = truncated ?? gaps[0]!;
    const few =
      worst.missing.slice(0, 5).join(', ') + (worst.missing.length > 5 ? ` and ${worst.missing.length - 5} more` : '');
    if (truncated) {
      const type = truncated.setup.conf.get('ldaptype') ?? '(unset)';
      return crit(
        `OX has ${truncated.inOx} of the ${truncated.inAd} AD users ${truncated.setup.name} matches: the sync stops at AD's ${AD_SIZE_LIMIT}-entry size limit (ldaptype = ${type} does not page); missing ${few}`,
        {
          metrics,
          hint: `set ldaptype = ads in ${truncated.setup.path} (paged search) or raise AD's MaxPageSize, then run oxsync; with deleteusers = yes every run deletes the users beyond ${AD_SIZE_LIMIT}`,
        },
      );
    }
    const missingTotal = gaps.reduce((n, c) => n + c.missing.length, 0);
    const outcome = missingTotal > Math.max(5, coverage.reduce((n, c) => n + c.inAd, 0) * 0.01) ? crit : warn;
    return outcome(`${missingTotal} AD users the sync matches are missing from OX (${counts}); e.g. ${few}`, {
      metrics,
      hint: 'read /var/log/oxldapsync.log for errors on those users, then run /opt/open-xchange/sbin/oxsync',
    });
  },
};

// Lower-cased names (the mapped `name` attribute) per conf, read with paging.
function adUsers(ctx: Parameters<Check['run']>[0], setups: readonly SyncSetup[]): Promise<Set<string>[]> {
  return withAd(ctx, async (client, ad) => {
    const out: Set<string>[] = [];
    for (const setup of setups) {
      const nameAttr = mappedAttribute(setup, 'name', 'sAMAccountName');
      const base = setup.conf.get('userbasedn') ?? ad.baseDn;
      const filter = setup.conf.get('userfilter')!;
      const names = new Set<string>();
      for await (const page of client.searchPaginated(base, {
        scope: 'sub',
        filter,
        attributes: [nameAttr],
        paged: { pageSize: 500 },
      })) {
        for (const entry of page.searchEntries) {
          const n = firstValue(entry, nameAttr);
          if (n) names.add(n.toLowerCase());
        }
      }
      ctx.record(
        `LDAP paged search ${ad.target} (${setup.name})`,
        `base ${base} scope sub filter ${filter}: ${names.size} users`,
      );
      out.push(names);
    }
    return out;
  });
}
