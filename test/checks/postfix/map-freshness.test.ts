// postfix/map-freshness on real files: the maps main.cf and master.cf name live in a temporary tree whose
// source and database files get the modification times of each case; the check's sh script compares them.
import { utimesSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { mapFreshnessCheck } from '../../../checks/postfix/map-freshness.js';
import { makeFacts, POSTCONF_FACT } from '../../../src/facts/postconf.js';
import { fixtureTree } from '../../facts/fixture-hosts.js';
import { RootedTransport } from '../../facts/rooted-transport.js';
import { seed } from '../../facts/seed.js';
import { makeContext } from '../../helpers/context.js';
import { postfixFacts } from '../service/seeded-facts.js';

const tree = fixtureTree();
afterAll(() => tree.remove());
let cases = 0;

const HOUR_AGO = Math.floor(Date.now() / 1000) - 3600;

// Writes a map file in a case directory, modified `secondsAfter` seconds after an hour ago; returns its path.
function file(dir: string, name: string, secondsAfter: number): string {
  tree.write(`${dir}/${name}`, 'example.com smtp:[172.18.254.25]\n');
  const path = `${tree.root}${dir}/${name}`;
  utimesSync(path, HOUR_AGO + secondsAfter, HOUR_AGO + secondsAfter);
  return path;
}

const caseDir = () => `/case${cases++}`;

describe('postfix/map-freshness', () => {
  it('is OK when every indexed map has a database newer than its source, naming the maps it compared', async () => {
    const dir = caseDir();
    const transport = file(dir, 'transport', 0);
    file(dir, 'transport.db', 60);
    const access = file(dir, 'access', 0);
    file(dir, 'access.cdb', 5);
    const facts = postfixFacts(
      {
        transport_maps: `hash:${transport}`,
        smtpd_sender_restrictions: `check_sender_access cdb:${access}`,
        virtual_alias_maps: 'ldap:/etc/postfix/adlocalrecipients pcre:/etc/postfix/copyfix',
      },
      'smtp inet n - n - - smtpd\n',
    );
    const outcome = await mapFreshnessCheck.run(makeContext({ facts }));
    expect(outcome.status).toBe('ok');
    expect(outcome.summary).toMatch(/^all 2 indexed maps are newer than their sources \(/);
    expect(outcome.summary).toContain(`hash:${transport}`);
    expect(outcome.summary).toContain(`cdb:${access}`);
    expect(outcome.metrics).toEqual([{ label: 'stale_maps', value: 0, crit: '0', min: 0 }]);
  });

  it('is CRIT naming the stale map, by how much, who uses it and the postmap command', async () => {
    const dir = caseDir();
    const transport = file(dir, 'transport', 120);
    file(dir, 'transport.db', 0);
    const facts = postfixFacts({ transport_maps: `hash:${transport}` }, 'smtp inet n - n - - smtpd\n');
    const outcome = await mapFreshnessCheck.run(makeContext({ facts }));
    expect(outcome.status).toBe('crit');
    // catches: source edited after its database was built (postmap not run): postfix uses the old entries
    expect(outcome.summary).toBe(
      `${transport} was edited 120 s after ${transport}.db was built (used by transport_maps): ` +
        `postfix still uses the old entries until postmap hash:${transport} is run`,
    );
    expect(outcome.hint).toBe(
      `run postmap hash:${transport} on testhost (postfix notices the rebuilt database by itself)`,
    );
    expect(outcome.metrics?.[0]).toMatchObject({ label: 'stale_maps', value: 1 });
  });

  it('names a map set with -o in master.cf by its service, and only the stale one of several', async () => {
    const dir = caseDir();
    const fresh = file(dir, 'transport', 0);
    file(dir, 'transport.db', 10);
    const relocated = file(dir, 'relocated', 30);
    file(dir, 'relocated.db', 0);
    const facts = postfixFacts(
      { transport_maps: `hash:${fresh}` },
      `127.0.0.1:10025 inet n - n - - smtpd\n  -o relocated_maps=btree:${relocated}\n`,
    );
    const outcome = await mapFreshnessCheck.run(makeContext({ facts }));
    expect(outcome.status).toBe('crit');
    // catches: a stale map that only a master.cf -o override uses
    expect(outcome.summary).toContain(
      `${relocated} was edited 30 s after ${relocated}.db was built (used by 127.0.0.1:10025 -o relocated_maps)`,
    );
    expect(outcome.summary).not.toContain('/transport');
    expect(outcome.hint).toContain(`postmap btree:${relocated}`);
  });

  it('is CRIT when postmap was never run (no database), saying postfix defers the mail', async () => {
    const dir = caseDir();
    const transport = file(dir, 'transport', 0);
    const facts = postfixFacts({ transport_maps: `hash:${transport}` }, '');
    const outcome = await mapFreshnessCheck.run(makeContext({ facts }));
    expect(outcome.status).toBe('crit');
    // catches: database never built: postfix defers the mail that needs the map
    expect(outcome.summary).toBe(
      `${transport}.db does not exist (used by transport_maps): postfix cannot open hash:${transport} ` +
        `and defers the mail that needs it until postmap hash:${transport} is run`,
    );
    expect(outcome.hint).toContain(`run postmap hash:${transport} on testhost`);
  });

  it('asks for postalias, not postmap, for a stale aliases database', async () => {
    const dir = caseDir();
    const aliases = file(dir, 'aliases', 60);
    file(dir, 'aliases.db', 0);
    const facts = postfixFacts({ alias_maps: `hash:${aliases}`, alias_database: `hash:${aliases}` }, '');
    const outcome = await mapFreshnessCheck.run(makeContext({ facts }));
    expect(outcome.status).toBe('crit');
    // catches: aliases edited without postalias/newaliases
    expect(outcome.summary).toContain(`until postalias hash:${aliases} is run`);
    expect(outcome.hint).toBe(
      `run postalias hash:${aliases} on testhost (postfix notices the rebuilt database by itself)`,
    );
  });

  it('warns when only the source of a map is missing, asking to restore it or drop it from main.cf', async () => {
    const dir = caseDir();
    const gone = `${tree.root}${dir}/virtual`;
    file(dir, 'virtual.db', 0);
    const facts = postfixFacts({ virtual_alias_maps: `hash:${gone}` }, '');
    const outcome = await mapFreshnessCheck.run(makeContext({ facts }));
    // catches: a map's source file deleted while its database remains
    expect(outcome.status).toBe('warn');
    expect(outcome.summary).toBe(
      `${gone} does not exist (used by virtual_alias_maps) (expected the source of ${gone}.db)`,
    );
    expect(outcome.hint).toBe('restore the missing source files or remove them from main.cf/master.cf on testhost');
  });

  it('is OK with nothing to compare when postfix uses no indexed maps', async () => {
    const facts = postfixFacts(
      { virtual_alias_maps: 'pcre:/etc/postfix/copyfix ldap:/etc/postfix/exchrecipients' },
      '',
    );
    const outcome = await mapFreshnessCheck.run(makeContext({ facts }));
    expect(outcome.status).toBe('ok');
    expect(outcome.summary).toBe(
      'postfix on testhost uses no indexed maps (hash, btree, cdb, lmdb): nothing to rebuild',
    );
  });

  it('is OK with no maps to compare on a host without postfix', async () => {
    const none = seed(POSTCONF_FACT, makeFacts('none', new Map(), '/etc/postfix', undefined, new Map()));
    const outcome = await mapFreshnessCheck.run(makeContext({ facts: none }));
    expect(outcome.status).toBe('ok');
    expect(outcome.summary).toBe('no postfix configuration on testhost: no maps to compare');
  });

  it('is UNKNOWN when the comparison cannot run on the host (no sh on its PATH)', async () => {
    const dir = caseDir();
    const transport = file(dir, 'transport', 0);
    file(dir, 'transport.db', 60);
    const facts = postfixFacts({ transport_maps: `hash:${transport}` }, '');
    const bare = fixtureTree();
    try {
      const outcome = await mapFreshnessCheck.run(
        makeContext({ facts, transport: new RootedTransport(bare.root, 'testhost') }),
      );
      expect(outcome.status).toBe('unknown');
      expect(outcome.summary).toMatch(/^could not compare map file times on testhost \(sh exited /);
      expect(outcome.hint).toMatch(/ls -l/);
    } finally {
      bare.remove();
    }
  });
});
