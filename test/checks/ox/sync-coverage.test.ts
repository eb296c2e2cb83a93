// ox/sync-coverage on a groupware host with the lab's OX stand-in listuser over a real configdb (mariadb) and the
// lab's oxldapsync confs, against real slapds as AD: a small directory, and one past AD's 1000-entry limit.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { syncCoverageCheck } from '../../../checks/ox/sync-coverage.js';
import type { Daemon } from '../../helpers/daemons/process.js';
import { makeContext } from '../../helpers/context.js';
import { closedPort } from '../../helpers/tcp.js';
import { oxHost, oxSite, startAd, startConfigdb, type AdAccount, type OxHost, type OxHostOptions } from './ox-host.js';

const account = (sam: string, ox = true): AdAccount => ({ sam, mail: `${sam}@oxmail.example.com`, ox });
const numbered = (prefix: string, n: number): string[] =>
  Array.from({ length: n }, (_, i) => `${prefix}${String(i + 1).padStart(4, '0')}`);

const SMALL = [...numbered('ox', 8), 'info0001'];
const BIG = numbered('ox', 1200);

let small: Daemon & { url: string };
let big: Daemon & { url: string };
let configdb: Daemon;
beforeAll(async () => {
  [small, big, configdb] = await Promise.all([
    startAd(SMALL.map((s) => account(s, s.startsWith('ox')))),
    startAd(BIG.map((s) => account(s))),
    startConfigdb(),
  ]);
});
afterAll(async () => {
  await Promise.all([small?.stop(), big?.stop(), configdb?.stop()]);
});

const hosts: OxHost[] = [];
afterEach(() => {
  for (const h of hosts.splice(0)) h.tree.remove();
});

function host(names: readonly string[], options: Partial<OxHostOptions> = {}): OxHost {
  const h = oxHost({ configdbPort: configdb.port, users: names.map((name) => ({ name })), ...options });
  hosts.push(h);
  return h;
}

const run = (h: OxHost, ad: { url: string }) =>
  syncCoverageCheck.run(makeContext({ transport: h.transport, site: oxSite(ad) }));

describe('ox/sync-coverage', () => {
  it('is OK when every AD user either conf matches is in OX, counting per conf', async () => {
    const outcome = await run(host(SMALL.map((n) => n.toUpperCase())), small);
    expect(outcome.status).toBe('ok');
    expect(outcome.summary).toBe(
      'all AD users the sync matches are in OX ' +
        '(ldapsync-ads.conf: 8 of 8 AD users in OX; ldapsync-infostore-ads.conf: 1 of 1 AD users in OX)',
    );
    expect(outcome.metrics?.map((m) => `${m.label}=${m.value}`)).toEqual([
      'ad_ldapsync-ads.conf=8',
      'ox_ldapsync-ads.conf=8',
      'ad_ldapsync-infostore-ads.conf=1',
      'ox_ldapsync-infostore-ads.conf=1',
    ]);
  });

  it('warns naming the users missing from OX when a few are, and is CRIT when many are', async () => {
    const few = await run(host(SMALL.filter((n) => n !== 'ox0003' && n !== 'info0001')), small);
    expect(few.status).toBe('warn');
    // catches: a few AD users the sync matches are missing from OX, named
    expect(few.summary).toBe(
      '2 AD users the sync matches are missing from OX (ldapsync-ads.conf: 7 of 8 AD users in OX; ' +
        'ldapsync-infostore-ads.conf: 0 of 1 AD users in OX); e.g. ox0003',
    );
    expect(few.hint).toMatch(/read \/var\/log\/oxldapsync\.log/);

    const many = await run(host(['ox0001']), small);
    // catches: many AD users missing from OX (more than 5 and over 1 %)
    expect(many.status).toBe('crit');
    expect(many.summary).toMatch(
      /^8 AD users the sync matches are missing from OX .*; e\.g\. ox0002, ox0003, ox0004, ox0005, ox0006 and 2 more$/,
    );
  });

  it("names AD's 1000-entry limit when OX holds 1000 of more users and the conf does not page", async () => {
    const outcome = await run(host(BIG.slice(0, 1000), { ldaptype: 'openldap' }), big);
    expect(outcome.status).toBe('crit');
    // catches: the sync stops at AD's 1000-entry size limit (ldaptype does not page)
    expect(outcome.summary).toBe(
      "OX has 1000 of the 1200 AD users ldapsync-ads.conf matches: the sync stops at AD's 1000-entry size limit " +
        '(ldaptype = openldap does not page); missing ox1001, ox1002, ox1003, ox1004, ox1005 and 195 more',
    );
    expect(outcome.hint).toMatch(/^set ldaptype = ads in \/opt\/oxldapsync\/etc\/ldapsync-ads\.conf \(paged search\)/);
  });

  it('names the size limit when OX holds exactly 1000 even with a paging conf, but not for other gaps', async () => {
    const capped = await run(host(BIG.slice(200)), big);
    expect(capped.status).toBe('crit');
    // catches: OX holds exactly 1000 of more AD users though the conf pages (AD's MaxPageSize)
    expect(capped.summary).toMatch(
      /^OX has 1000 of the 1200 AD users ldapsync-ads\.conf matches: the sync stops at AD's 1000-entry/,
    );
    expect(capped.summary).toContain('missing ox0001, ox0002, ox0003, ox0004, ox0005 and 195 more');

    const other = await run(host(BIG.slice(0, 1100)), big);
    expect(other.status).toBe('crit');
    expect(other.summary).toMatch(/^100 AD users the sync matches are missing from OX /);
  });

  it('reports what listuser says when it fails, and UNKNOWN when AD cannot be read', async () => {
    const noDb = await run(host(SMALL, { configdbPort: await closedPort() }), small);
    expect(noDb.status).toBe('crit');
    // catches: listuser fails: configdb unreachable (exit 106)
    expect(noDb.summary).toMatch(/^listuser on testhost failed: server storage error \(exit 106\)/);

    const noAd = await run(host(SMALL), { url: `ldap://127.0.0.1:${await closedPort()}` });
    expect(noAd.status).toBe('unknown');
    expect(noAd.summary).toMatch(/^OX lists 10 users but AD could not be read: /);
  });

  it("says OX itself cannot use the configdb when configdb.properties' password is wrong", async () => {
    const h = host(SMALL);
    const props = `${h.tree.root}/opt/open-xchange/etc/configdb.properties`;
    writeFileSync(props, readFileSync(props, 'utf8').replace(/^(readProperty\.2=password=.*)$/m, '$1-wrong'));
    const outcome = await run(h, small);
    expect(outcome.status).toBe('crit');
    // catches: listuser fails: OX's own configdb credentials refused while the configdb answers
    expect(outcome.summary).toMatch(/^listuser on testhost failed twice with a storage error \(exit 106/);
    expect(outcome.summary).toMatch(/answers from testhost \(.+\): OX itself cannot use it$/);
  });

  it('is UNKNOWN without a sync conf, and asks for endpoints.ldap when none is configured', async () => {
    const bare = host(SMALL);
    rmSync(`${bare.tree.root}/opt/oxldapsync`, { recursive: true });
    const none = await run(bare, small);
    expect(none.status).toBe('unknown');
    expect(none.summary).toBe(
      'no oxldapsync conf with a userfilter on testhost (looked for /opt/oxldapsync/etc/ldapsync*-ads.conf)',
    );

    const site = { ...oxSite(small), endpoints: {} };
    const outcome = await syncCoverageCheck.run(makeContext({ transport: host(SMALL).transport, site }));
    expect(outcome.status).toBe('unknown');
    expect(JSON.stringify(outcome)).toContain('endpoints.ldap');
  });
});
