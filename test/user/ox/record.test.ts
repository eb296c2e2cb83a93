// user/ox's comparison of one listuser record with the conf that covers the user: real listuser CSV of the lab's
// OX stand-in and the lab's own confs and mappings.
import { describe, expect, it } from 'vitest';
import { parseListuserCsv } from '../../../src/ox/listuser-csv.js';
import { compareRecord, type RecordExpectation } from '../../../src/user/ox/record.js';
import { INFO01_SERVERA, labSetup, TEST1001_SERVERA, TEST1001_SERVERB } from './samples.js';

const test1001 = {
  name: 'test1001',
  mail: 'test1001@oxmail.example.com',
  imapLogin: 'test1001',
  aliases: ['SMTP:test1001@example.com', 'smtp:test1001@example.org', 'smtp:test1001@oxmail.example.com'],
};
const full = labSetup('full');
const infostore = labSetup('infostore');
const want = (over: Partial<RecordExpectation> = {}): RecordExpectation => ({
  host: 'servera',
  login: 'test1001',
  setup: full,
  values: test1001,
  others: [infostore],
  ...over,
});
const userOf = (csv: string) => parseListuserCsv(csv).users[0]!;
const byName = (steps: ReturnType<typeof compareRecord>) => Object.fromEntries(steps.map((s) => [s.name, s]));

describe('compareRecord', () => {
  it('passes test1001 on servera: every field as AD and mapping.ads.conf say', () => {
    const steps = compareRecord(userOf(TEST1001_SERVERA), want());
    expect(steps.filter((s) => s.status !== 'ok')).toEqual([]);
    expect(byName(steps).access!.summary).toBe(
      'module access of a full OX user as /opt/oxldapsync/etc/mapping.ads.conf',
    );
  });

  it("names another IMAP and SMTP server than the mapping's (serverb's record against servera's mapping)", () => {
    const s = byName(compareRecord(userOf(TEST1001_SERVERB), want()));
    expect(s['imap-server']).toMatchObject({
      status: 'crit',
      summary:
        'servera: OX holds ImapServer 127.0.10.4 for test1001 but /opt/oxldapsync/etc/mapping.ads.conf imapserver says 127.0.10.2',
    });
    expect(s['smtp-server']!.status).toBe('crit');
    expect(s['imap-server']!.hint).toContain('run /opt/open-xchange/sbin/oxsync');
  });

  it('names another primary address and IMAP login than AD holds', () => {
    const s = byName(
      compareRecord(
        userOf(TEST1001_SERVERA),
        want({ values: { ...test1001, mail: 'x@oxmail.example.com', imapLogin: 'x' } }),
      ),
    );
    expect(s.primary!.summary).toBe(
      'servera: OX holds PrimaryEmail test1001@oxmail.example.com for test1001 but AD mail says x@oxmail.example.com',
    );
    expect(s['imap-login']!.status).toBe('crit');
  });

  it("warns when OX's aliases differ from AD's smtp: addresses, both ways", () => {
    const aliases = ['SMTP:test1001@example.com', 'smtp:new1001@example.net', 'X500:/o=Org/cn=test1001'];
    const s = byName(compareRecord(userOf(TEST1001_SERVERA), want({ values: { ...test1001, aliases } })));
    expect(s.aliases).toMatchObject({
      status: 'warn',
      summary:
        "servera: OX's aliases of test1001 lack new1001@example.net (in AD) and still include test1001@example.org (no longer in AD): OX offers other sender addresses than AD",
    });
  });

  it('names the class whose access OX gave when the covering conf says the other (info01 under ldapsync-ads.conf)', () => {
    const s = byName(compareRecord(userOf(INFO01_SERVERA), want({ login: 'info01' })));
    expect(s.access!.status).toBe('crit');
    expect(s.access!.summary).toMatch(
      /^servera: OX gives info01 the module access of an infostore-only user \(\/opt\/oxldapsync\/etc\/mapping-infostore\.ads\.conf\) but ldapsync-ads\.conf covers it as a full OX user: access-calendar=false \(mapping: on\), .* and \d+ more$/,
    );
  });

  it('passes info01 under the infostore conf', () => {
    const steps = compareRecord(
      userOf(INFO01_SERVERA),
      want({
        login: 'info01',
        setup: infostore,
        others: [full],
        values: {
          name: 'info01',
          mail: 'info01@oxmail.example.com',
          imapLogin: 'info01',
          aliases: ['SMTP:info01@example.com', 'smtp:info01@oxmail.example.com'],
        },
      }),
    );
    expect(steps.filter((s) => s.status !== 'ok')).toEqual([]);
  });

  it('warns that access is not compared when the mapping file is missing', () => {
    const s = byName(compareRecord(userOf(TEST1001_SERVERA), want({ setup: { ...full, mapping: null } })));
    expect(s.access!.status).toBe('warn');
    expect(s.access!.summary).toContain(
      'servera: /opt/oxldapsync/etc/mapping.ads.conf of ldapsync-ads.conf is missing',
    );
  });
});
