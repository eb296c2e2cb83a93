import { describe, expect, it } from 'vitest';
import { accessSet, pagesResults, parseSyncConf } from '../../src/ox/ldapsync-conf.js';
import { lastRuns } from '../../src/ox/ldapsync-log.js';
import { escapeFilterValue } from '../../src/ox/ldap-filter.js';
import { exitMeaning } from '../../src/ox/listuser-exit.js';

describe('parseSyncConf', () => {
  it('reads key = value lines with and without quotes, skipping comments', () => {
    const conf = parseSyncConf(
      '# c\nldaptype = openldap\nuserfilter = (&(objectclass=user)(mail=*))\naccess-calendar = "on"\naccess-tasks = "off"\n',
    );
    expect(conf.get('userfilter')).toBe('(&(objectclass=user)(mail=*))');
    expect(pagesResults(conf)).toBe(false);
    expect([...accessSet(conf)]).toEqual([
      ['access-calendar', true],
      ['access-tasks', false],
    ]);
    expect(pagesResults(parseSyncConf('ldaptype = ads'))).toBe(true);
  });
});

describe('lastRuns', () => {
  const log = [
    '2026-11-25 13:10:17 oxldapsync[6363]: ldapsync-ads.conf: INFO: start sync of context 1 (ldaptype=openldap)',
    '2026-11-25 13:10:17 oxldapsync[6363]: ldapsync-ads.conf: ERROR: LDAP search returned: Size limit exceeded (4) after 1000 entries',
    '2026-11-25 13:10:17 oxldapsync[6363]: ldapsync-ads.conf: WARN: finished: 1000 entries from LDAP, 0 created, 0 updated, 0 deleted',
    '2026-11-25 13:10:18 oxldapsync[6367]: ldapsync-infostore-ads.conf: INFO: finished: 100 entries from LDAP, 0 created',
  ].join('\n');

  it('keeps the last run of each conf with its errors and entry count', () => {
    const runs = lastRuns(log);
    expect(runs.map((r) => [r.conf, r.finished, r.entries, r.errors.length, r.warnings.length])).toEqual([
      ['ldapsync-ads.conf', true, 1000, 1, 0],
      ['ldapsync-infostore-ads.conf', true, 100, 0, 0],
    ]);
    expect(runs[0]!.lastAt).toBe(Date.parse('2026-11-25T13:10:17Z'));
  });

  it('a later clean run replaces the failed one, and local time is shifted by the host offset', () => {
    const later = `${log}\n2026-11-25 14:00:00 oxldapsync[7000]: ldapsync-ads.conf: INFO: finished: 1202 entries from LDAP`;
    const run = lastRuns(later, 60).find((r) => r.conf === 'ldapsync-ads.conf')!;
    expect(run.errors).toEqual([]);
    expect(run.lastAt).toBe(Date.parse('2026-11-25T13:00:00Z'));
  });
});

describe('escapeFilterValue', () => {
  it('escapes RFC 4515 specials, control characters and non-ASCII bytes', () => {
    expect(escapeFilterValue('*)(uid=*')).toBe('\\2a\\29\\28uid=\\2a');
    expect(escapeFilterValue('a\\b\r\n\0')).toBe('a\\5cb\\0d\\0a\\00');
    expect(escapeFilterValue('të')).toBe('t\\c3\\ab');
    expect(escapeFilterValue('test1001')).toBe('test1001');
  });
});

describe('exitMeaning', () => {
  it('names the causes of the OX CLI exit codes, 101 credentials and 102 context', () => {
    expect(exitMeaning(106).cause).toMatch(/storage error.*configdb/);
    expect(exitMeaning(101).cause).toMatch(/invalid credentials/);
    expect(exitMeaning(102).cause).toMatch(/no such context/);
    expect(exitMeaning(1).cause).toBe('listuser failed with exit 1');
  });
});
