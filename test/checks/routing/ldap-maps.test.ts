// routing/ldap-maps on a host whose postfix config directory is a temporary tree: main.cf names an ldap map in
// the seed's shape (bind_dn/bind_pw, a query_filter on mail) pointing at a real slapd with the lab's AD schema, and
// the real postmap -q of this machine (postfix with ldap support) cross-checks oxdoctor's own lookups.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ldapMapsCheck } from '../../../checks/routing/ldap-maps/index.js';
import { crossCheckStep } from '../../../src/checkkit/postmap-cross-check.js';
import { makeFacts, POSTCONF_FACT } from '../../../src/facts/postconf.js';
import { MASTER_CF_FACT } from '../../../src/facts/master-cf.js';
import { parseMasterCf } from '../../../src/postfix/master-cf.js';
import { makeContext } from '../../helpers/context.js';
import { removeDir, tempDir, type Daemon } from '../../helpers/daemons/process.js';
import { closedPort } from '../../helpers/tcp.js';
import { seed } from '../../facts/seed.js';
import { BASE_DN, BIND_DN, BIND_PW, startAd } from '../ox/ox-host.js';

let ad: Daemon & { url: string };
let dir: string;
beforeAll(async () => {
  ad = await startAd([{ sam: 'jdoe', mail: 'john.doe@example.com', ox: true }]);
  dir = tempDir('ldap-maps');
});
afterAll(async () => {
  await ad?.stop();
  if (dir) removeDir(dir);
});

// The map file (as the seed's adlocalrecipients) with the given server and password.
const ldapMap = (server: string, password: string): string => `server_host = ${server}
search_base = ${BASE_DN}
version = 3
bind = yes
bind_dn = ${BIND_DN}
bind_pw = ${password}
query_filter = (&(objectclass=user)(mail=%s))
result_attribute = sAMAccountName
result_format = %s@oxmail.example.com
`;

let n = 0;
// A config directory with main.cf and (unless mapText is null) the ldap map; the postconf facts of it.
function host(mapText: string | null, extraMain: Readonly<Record<string, string>> = {}) {
  const conf = join(dir, `postfix-${++n}`);
  mkdirSync(conf);
  const main = {
    myhostname: 'oxmail.example.com',
    mydestination: '$myhostname, localhost',
    virtual_alias_maps: `ldap:${conf}/adlocalrecipients`,
    ...extraMain,
  };
  writeFileSync(
    join(conf, 'main.cf'),
    Object.entries(main)
      .map(([k, v]) => `${k} = ${v}\n`)
      .join(''),
  );
  writeFileSync(join(conf, 'master.cf'), 'smtp inet n - n - - smtpd\n');
  if (mapText !== null) writeFileSync(join(conf, 'adlocalrecipients'), mapText);
  const ctx = makeContext({
    site: { testUser: { login: 'jdoe', address: 'john.doe@example.com' } },
    facts: {
      ...seed(POSTCONF_FACT, makeFacts('postconf', new Map(Object.entries(main)), conf, '3.7.11', new Map())),
      ...seed(MASTER_CF_FACT, {
        path: `${conf}/master.cf`,
        found: true,
        services: parseMasterCf('smtp inet n - n - - smtpd\n'),
      }),
    },
    timeoutMs: 30_000,
  });
  return { ctx, conf };
}

describe('routing/ldap-maps', () => {
  it('is OK when the map binds, the test address resolves through it and postmap -q agrees', async () => {
    const { ctx, conf } = host(ldapMap(ad.url, BIND_PW));
    const outcome = await ldapMapsCheck.run(ctx);
    expect(outcome.status, JSON.stringify(outcome)).toBe('ok');
    const map = `ldap:${conf}/adlocalrecipients`;
    expect(outcome.summary).toBe(
      `1 ldap maps bind and answer (${map}); john.doe@example.com -> jdoe@oxmail.example.com (${map}), ` +
        'delivered locally to jdoe@oxmail.example.com via local(8); postmap -q agrees on all 4 lookups',
    );
    expect(outcome.steps?.[0]?.summary).toBe(`${map} binds as ${BIND_DN} at ${ad.url}`);
    expect(outcome.metrics?.find((m) => m.label === 'postmap_disagreements')?.value).toBe(0);
    expect(JSON.stringify(ctx.evidence)).not.toContain(BIND_PW);
  });

  it("is CRIT when the map's bind_pw is refused, and the mail it routes is deferred", async () => {
    const { ctx, conf } = host(ldapMap(ad.url, 'Old-Bind-Pw-2019'));
    const outcome = await ldapMapsCheck.run(ctx);
    expect(outcome.status).toBe('crit');
    // catches: a map's bind_pw refused (service account password changed): its mail is deferred
    expect(outcome.summary).toMatch(new RegExp(`^ldap:${conf}/adlocalrecipients cannot bind as ${BIND_DN}: `));
    expect(outcome.summary).toContain('postfix cannot look up');
    expect(outcome.hint).toMatch(/^set bind_pw in .*adlocalrecipients to the current password of/);
    const route = outcome.steps?.find((s) => s.name === 'john.doe@example.com');
    expect(route?.status).toBe('crit');
    expect(route?.summary).toMatch(/^mail for john\.doe@example\.com is deferred on testhost: /);
    expect(outcome.metrics?.find((m) => m.label === 'ldap_maps_failing')?.value).toBe(1);
    expect(JSON.stringify({ outcome, evidence: ctx.evidence })).not.toContain('Old-Bind-Pw-2019');
  });

  it('is CRIT naming server_host when no LDAP server of the map answers', async () => {
    const dead = `ldap://127.0.0.1:${await closedPort()}`;
    const { ctx } = host(ldapMap(dead, BIND_PW));
    const outcome = await ldapMapsCheck.run(ctx);
    expect(outcome.status).toBe('crit');
    // catches: no LDAP server of a map's server_host answers
    expect(outcome.summary).toContain(`: no LDAP server of server_host (${dead}) answers: `);
    expect(outcome.hint).toMatch(/^check the domain controllers in server_host of /);
  });

  it('is CRIT when the map file main.cf names is missing', async () => {
    const { ctx, conf } = host(null);
    const outcome = await ldapMapsCheck.run(ctx);
    expect(outcome.status).toBe('crit');
    // catches: a map file main.cf names is missing
    expect(outcome.steps?.[0]?.summary).toContain(`${conf}/adlocalrecipients`);
    expect(outcome.steps?.[0]?.summary).toContain('postfix defers every lookup in it');
    expect(outcome.steps?.[0]?.hint).toBe('restore the map file or remove it from the parameter');
  });

  it('is CRIT when the address the map gives is no known local recipient', async () => {
    const { ctx } = host(ldapMap(ad.url, BIND_PW), { local_recipient_maps: 'inline:{ postmaster=postmaster }' });
    const outcome = await ldapMapsCheck.run(ctx);
    expect(outcome.status, JSON.stringify(outcome)).toBe('crit');
    // catches: an address resolves to a name no local_recipient_maps table knows (mail bounces)
    expect(outcome.summary).toMatch(/^mail for john\.doe@example\.com cannot be delivered on testhost: /);
    expect(outcome.summary).toContain('which no local_recipient_maps table knows');
  });

  it('is OK with nothing to evaluate on a host without postfix', async () => {
    const ctx = makeContext({
      facts: seed(POSTCONF_FACT, makeFacts('none', new Map(), '/etc/postfix', undefined, new Map())),
    });
    const outcome = await ldapMapsCheck.run(ctx);
    expect(outcome.status).toBe('ok');
    expect(outcome.summary).toBe('no postfix configuration on testhost: no maps to evaluate');
  });
});

describe('routing/ldap-maps cross-check with postmap -q', () => {
  // postmap -q's text where postfix has no ldap support (libpostfix-global), against what oxdoctor found.
  it('warns naming the lookup when postmap -q on the host answers otherwise than oxdoctor', () => {
    const table = { type: 'ldap', name: '/etc/postfix/adlocalrecipients', proxied: false, text: '' };
    const own = [{ table, key: 'test1001@example.com', answer: { kind: 'found' as const, value: 'test1001' } }];
    const message = 'unsupported dictionary type: ldap. Is the postfix-ldap package installed?';
    const step = crossCheckStep(own, [{ kind: 'error', cause: 'other', message }]);
    expect(step.status).toBe('warn');
    // catches: postmap -q on the host answers otherwise than oxdoctor's own lookup
    expect(step.summary).toBe(
      "postmap -q disagrees with oxdoctor's evaluation on 1 of 1 lookups (ldap:/etc/postfix/adlocalrecipients for " +
        `"test1001@example.com": oxdoctor reads "test1001", postmap -q an error (${message}))`,
    );
  });
});
