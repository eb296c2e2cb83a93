// postfix/map-freshness: every indexed table (hash, btree, cdb, lmdb) was rebuilt after its source was edited.
import type { Check } from '../../src/core/check.js';
import { crit, ok, unknown, warn } from '../../src/core/result.js';
import { postfixMaps } from '../../src/facts/postfix-maps.js';
import {
  freshnessArgv,
  indexedMap,
  parseFreshness,
  type FreshnessLine,
  type IndexedMap,
} from '../../src/postfix/indexed-maps.js';
import { distinctTables, useLabel } from '../../src/postfix/map-inventory.js';

export const mapFreshnessCheck: Check = {
  id: 'postfix/map-freshness',
  title: 'postfix maps rebuilt after editing',
  roles: 'all',
  proves: 'every hash/btree/cdb/lmdb map postfix uses has a database newer than its source file (postmap was run)',
  catches: [
    'source edited after its database was built (postmap not run): postfix uses the old entries',
    'database never built: postfix defers the mail that needs the map',
    'aliases edited without postalias/newaliases',
    'a stale map that only a master.cf -o override uses',
    "a map's source file deleted while its database remains",
  ],
  misses: [
    'a source copied in with its old mtime (cp -p, rsync -t): newer content, older time (postmap -q KEY TABLE)',
    'a database postfix cannot open: permissions, wrong type, corrupt (maillog: "fatal: open database")',
    'wrong entries in a freshly built map (contents not judged; postmap -q KEY TABLE)',
    'errors in ldap, pcre and other non-indexed maps (routing/ldap-maps for ldap; postmap -q KEY pcre:FILE)',
    'main.cf or master.cf edited without postfix reload (not compared; postfix reload)',
  ],
  timeoutMs: 15_000,
  async run(ctx) {
    const inventory = await postfixMaps(ctx);
    if (!inventory.available) return ok(`no postfix configuration on ${ctx.host.name}: no maps to compare`);
    const maps = distinctTables(inventory.uses)
      .map((t) => ({ map: indexedMap(t.ref), usedBy: t.uses.map(useLabel) }))
      .filter((m): m is { map: IndexedMap; usedBy: string[] } => m.map !== null);
    if (maps.length === 0)
      return ok(`postfix on ${ctx.host.name} uses no indexed maps (hash, btree, cdb, lmdb): nothing to rebuild`);
    const r = await ctx.exec(freshnessArgv(maps.map((m) => m.map)), { timeoutMs: 10_000 });
    const lines = parseFreshness(r.stdout);
    if (lines.length !== maps.length) {
      return unknown(
        `could not compare map file times on ${ctx.host.name} (sh exited ${r.code}: ${r.stderr.trim().split('\n')[0] ?? ''})`,
        {
          hint: 'run ls -l on the map files and their .db files by hand',
        },
      );
    }
    const metrics = [
      { label: 'stale_maps', value: lines.filter((l) => l.state !== 'fresh').length, crit: '0', min: 0 },
    ];
    const bad = lines.map((line, i) => ({ line, ...maps[i]! })).filter((x) => x.line.state !== 'fresh');
    if (bad.length === 0) {
      return ok(
        `all ${lines.length} indexed maps are newer than their sources (${maps.map((m) => m.map.ref.type + ':' + m.map.source).join(', ')})`,
        { metrics },
      );
    }
    const worst = bad.find((b) => b.line.state !== 'no-source') ?? bad[0]!;
    const sentences = bad.map((b) => sentence(b.line, b.map, b.usedBy));
    const fixes = [...new Set(bad.filter((b) => b.line.state !== 'no-source').map((b) => b.map.fix))];
    const hint =
      fixes.length > 0
        ? `run ${fixes.join(' and ')} on ${ctx.host.name} (postfix notices the rebuilt database by itself)`
        : `restore the missing source files or remove them from main.cf/master.cf on ${ctx.host.name}`;
    const summary = sentences.join('; ');
    return worst.line.state === 'no-source' ? warn(summary, { hint, metrics }) : crit(summary, { hint, metrics });
  },
};

function sentence(line: FreshnessLine, map: IndexedMap, usedBy: readonly string[]): string {
  const where = `(used by ${usedBy.join(', ')})`;
  switch (line.state) {
    case 'stale': {
      const by =
        line.sourceMtime !== undefined && line.databaseMtime !== undefined
          ? ` ${line.sourceMtime - line.databaseMtime} s`
          : '';
      return `${map.source} was edited${by} after ${map.database} was built ${where}: postfix still uses the old entries until ${map.fix} is run`;
    }
    case 'no-database':
      return `${map.database} does not exist ${where}: postfix cannot open ${map.ref.type}:${map.source} and defers the mail that needs it until ${map.fix} is run`;
    case 'no-source':
      return `${map.source} does not exist ${where} (expected the source of ${map.database})`;
    default:
      return `${map.source} is up to date`;
  }
}
