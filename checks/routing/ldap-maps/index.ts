// routing/ldap-maps: the host's ldap maps bind and answer with their own settings, and the test addresses
// resolve as postfix would resolve them, cross-checked with `postmap -q` on the host.
import type { Check, CheckContext } from '../../../src/core/check.js';
import { fromSteps, ok, type Step } from '../../../src/core/result.js';
import { postconf } from '../../../src/facts/postconf.js';
import { postfixMaps } from '../../../src/facts/postfix-maps.js';
import type { TableRef } from '../../../src/postfix/main-cf.js';
import { distinctTables, type MapUse } from '../../../src/postfix/map-inventory.js';
import { routeRecipient } from '../../../src/postfix/recipient-route.js';
import { MapLookups } from '../../../src/facts/map-lookups.js';
import { agrees, crossCheckStep, tableName } from '../../../src/checkkit/postmap-cross-check.js';
import { routeConfig } from '../../../src/checkkit/route-config.js';
import { bindStep, otherAnswers, routeStep } from './steps.js';

export const ldapMapsCheck: Check = {
  id: 'routing/ldap-maps',
  title: 'postfix LDAP maps and address routing',
  roles: ['relay', 'groupware'],
  proves:
    'every ldap map binds with its own server_host/bind_dn/bind_pw and answers; the test addresses resolve as postfix would resolve them, and postmap -q on the host agrees',
  catches: [
    "a map's bind_pw refused (service account password changed): its mail is deferred",
    "no LDAP server of a map's server_host answers",
    'a map file main.cf names is missing',
    'an address resolves to a name no local_recipient_maps table knows (mail bounces)',
    "a contact's mailNickname in AD names no existing account",
    "postmap -q on the host answers otherwise than oxdoctor's own lookup",
  ],
  misses: [
    'a search_base or query_filter that finds nothing: the address routes elsewhere (the route is shown, not judged)',
    'entries of users other than the test user and one sampled key (postmap -q ADDRESS ldap:/etc/postfix/MAP)',
    'postfix built without ldap support: warned only as a postmap -q disagreement (postconf -m on the host)',
    'a map file postfix may not read (mode or owner; ls -l the map, postmap -q as the postfix user)',
    'AD size or time limits on lookups (not exercised; the mail log\'s "dict_ldap" warnings)',
  ],
  timeoutMs: 45_000,
  async run(ctx) {
    const inventory = await postfixMaps(ctx);
    if (!inventory.available) return ok(`no postfix configuration on ${ctx.host.name}: no maps to evaluate`);
    const pc = await postconf(ctx);
    const lookups = new MapLookups(ctx, pc.configDirectory);
    try {
      return await evaluate(ctx, inventory.uses, lookups);
    } finally {
      await lookups.close();
    }
  },
};

async function evaluate(ctx: CheckContext, uses: readonly MapUse[], lookups: MapLookups) {
  const pc = await postconf(ctx);
  const config = routeConfig(pc, uses);
  const ldapTables = distinctTables(uses).filter((t) => t.ref.type === 'ldap');
  const clients = await Promise.all(ldapTables.map((t) => lookups.loadLdap(t.ref.name)));
  const binds = await Promise.all(
    clients.map(async (c, i) => bindStep(c, await ('missing' in c ? null : c.open()), ldapTables[i]!.uses)),
  );

  // The lookups postfix itself would make (routes ask some speculatively, to batch them): only these are
  // cross-checked, since each postmap -q of an ldap map costs the host a connection and a bind.
  const made = new Set<string>();
  const lookupId = (t: TableRef, key: string) => `${t.type}:${t.name}\0${key}`;
  const recording = (t: TableRef, key: string) => {
    made.add(lookupId(t, key));
    return lookups.lookup(t, key);
  };
  const addresses = new Set<string>();
  if (ctx.site.testUser?.address) addresses.add(ctx.site.testUser.address.toLowerCase());
  const samples = await Promise.all(clients.map((c) => ('missing' in c ? null : c.sampleKey())));
  for (const sample of samples) {
    if (sample)
      addresses.add(
        sample.key.includes('@') && !sample.localPart ? sample.key : `${sample.key.split('@')[0]}@${config.myorigin}`,
      );
  }

  // Each address is routed on its own; all at once, so their postmap lookups share remote commands.
  const routes: Step[] = await Promise.all(
    [...addresses].map(async (address): Promise<Step> => {
      // SMTP cannot carry such an address, and postfix's pcre and oxdoctor's JS regexps read line breaks differently.
      if (/[\x00-\x1f\x7f]/.test(address)) {
        return {
          name: address,
          status: 'unknown',
          summary: `the test address ${JSON.stringify(address)} contains control characters: not looked up`,
          hint: 'set testUser.address to a plain mail address',
        };
      }
      const [route, others] = await Promise.all([
        routeRecipient(address, config, lookups.lookup),
        otherAnswers(address, uses, recording),
      ]);
      for (const l of route.lookups) made.add(lookupId(l.table, l.key));
      return routeStep(route, others, ctx.host.name);
    }),
  );

  const own = lookups.own.filter((o) => made.has(lookupId(o.table, o.key)));
  const theirs = await lookups.postmapPerTable(
    own.map((o) => ({ key: o.key, table: `${o.table.type}:${o.table.name}` })),
  );
  const cross = crossCheckStep(own, theirs);

  const steps = [...binds, ...routes, ...(own.length > 0 ? [cross] : [])];
  const metrics = [
    { label: 'ldap_maps', value: ldapTables.length, min: 0 },
    { label: 'ldap_maps_failing', value: binds.filter((b) => b.status !== 'ok').length, crit: '0', min: 0 },
    {
      label: 'postmap_disagreements',
      value: own.length - theirs.filter((t, i) => agrees(own[i]!.answer, t)).length,
      warn: '0',
      min: 0,
    },
  ];
  if (steps.every((s) => s.status === 'ok')) {
    const maps =
      ldapTables.length > 0
        ? `${ldapTables.length} ldap maps bind and answer (${ldapTables.map((t) => tableName(t.ref)).join(', ')})`
        : `no ldap maps on ${ctx.host.name}`;
    const agreed = own.length > 0 ? `; postmap -q agrees on all ${own.length} lookups` : '';
    return fromSteps(steps, { summary: `${maps}; ${routes.map((r) => r.summary).join('; ')}${agreed}`, metrics });
  }
  return fromSteps(steps, { metrics });
}
