// The seed's settings tables (src/seed) against the deployment guide's own text (../shared/seed beside the
// project, read in place as the corpus is): every
// expected value is written there, every reason is mostly the guide's words, and the data is consistent.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NOT_COMPARED, SEED_FOLDERS, SEED_SETTINGS, settingsFor } from '../../src/seed/settings.js';
import { matches } from '../../src/seed/compare.js';
import type { SeedSetting } from '../../src/seed/types.js';

const GUIDE = readFileSync(new URL('../../../shared/seed/000_12e7d1957b19fd13.txt', import.meta.url), 'utf8');
// Case, whitespace and every kind of quote removed: the wiki mixes typographic quotes and spacing.
const squash = (s: string) => s.toLowerCase().replace(/[\s'"“”„‘’]/g, '');
const TEXT = squash(GUIDE);

const INFOSTORE_SWAP: Record<string, string> = { userfilter: 'userignorefilter', userignorefilter: 'userfilter' };

// How the guide writes the setting: "key = value", "key: value", "-o key=value", "# @x = (1);".
function written(s: SeedSetting): string {
  if (s.expected === null) return `#${s.key}=`;
  if (s.source === 'master.cf') return `-o${s.key}=${s.expected}`;
  if (s.source === 'imapd.conf') return `${s.key}:${s.expected}`;
  if (s.comparison === 'contains' && s.separator === undefined) return s.key; // items checked one by one below
  // The infostore conf swaps the two filters: its userfilter is the guide's userignorefilter ("the filters of userfilter and userignorefilter are interchanged").
  const key = s.file === 'ldapsync-infostore-ads.conf' ? (INFOSTORE_SWAP[s.key] ?? s.key) : s.key;
  return s.comparison === 'substring' ? s.expected : `${key}=${s.expected}`;
}

describe("the seed's settings tables", () => {
  it.each(SEED_SETTINGS.map((s) => [`${s.id} (${s.roles.join(', ')})`, s] as const))(
    '%s: the guide writes its value',
    (_name, s) => {
      expect(TEXT).toContain(squash(written(s)));
      if (s.comparison === 'contains' && s.separator === undefined)
        for (const item of s.expected!.split(/\s+/)) expect(TEXT).toContain(squash(`${item}`));
    },
  );

  it('says that the infostore conf swaps the filters, which the table relies on', () => {
    expect(GUIDE).toContain('the filters of userfilter and userignorefilter are interchanged');
  });

  it.each(SEED_SETTINGS.filter((s) => s.source !== 'krb5.conf').map((s) => [s.id, s] as const))(
    "%s: its reason is mostly the guide's words",
    (_id, s) => {
      const words = s.reason.toLowerCase().match(/[a-z]{5,}/g) ?? [];
      const found = words.filter((w) => GUIDE.toLowerCase().includes(w));
      expect(
        found.length / words.length,
        `${s.reason}: ${words.filter((w) => !found.includes(w)).join(', ')}`,
      ).toBeGreaterThanOrEqual(0.6);
    },
  );

  it('has one setting per id and role table, and every expected value matches itself', () => {
    for (const role of ['relay', 'groupware', 'archive'] as const) {
      const ids = SEED_SETTINGS.filter((s) => s.roles.includes(role)).map((s) => s.id);
      expect(ids.length, role).toBe(new Set(ids).size);
    }
    for (const s of SEED_SETTINGS) {
      expect(matches(s, s.expected, s.expected ?? undefined), s.id).toBe(true);
      for (const a of s.aliases ?? []) expect(matches(s, a.expected, a.expected), `${s.id} ${a.key}`).toBe(true);
    }
  });

  it("gives server B's table to the archive and server A's to a groupware host", () => {
    const maps = (roles: Parameters<typeof settingsFor>[0]) =>
      settingsFor(roles).find((s) => s.id === 'main.cf/virtual_alias_maps')?.expected;
    expect(maps(['groupware', 'archive'])).toMatch(/^pcre:\/etc\/postfix\/copyfix /);
    expect(maps(['groupware'])).toBe('ldap:/etc/postfix/adlocalrecipients ldap:/etc/postfix/exchrecipients');
    expect(settingsFor(['relay']).every((s) => s.roles.includes('relay'))).toBe(true);
    expect(SEED_FOLDERS).toEqual(['Drafts', 'Sent Items', 'Junk', 'Trash']);
  });

  it('says why each option it leaves out is not compared', () => {
    expect(NOT_COMPARED.length).toBeGreaterThan(10);
    for (const n of NOT_COMPARED) expect(n.why.length, n.key).toBeGreaterThan(10);
    const compared = new Set(SEED_SETTINGS.map((s) => `${s.source} ${s.key}`));
    for (const n of NOT_COMPARED) expect(compared.has(`${n.source} ${n.key}`), n.key).toBe(false);
  });
});
