// config/seed-drift against the lab: the healthy lab (with its documented deviations) is OK on every host, and
// fault seed-setting-drift is named setting by setting, with the seed's value, the consequence and the fix.
import { beforeAll, describe, expect, it } from 'vitest';
import type { SiteConfig } from '../../../src/config/types.js';
import type { Result } from '../../../src/core/result.js';
import { seedDriftCheck } from '../../../checks/config/seed-drift/index.js';
import { foldersCheck } from '../../../checks/mailbox/folders.js';
import { breakFault, healFault } from '../../lab/lab.js';
import { labSite, runChecks, show } from '../mailbox/run.js';

let site: SiteConfig;
beforeAll(async () => {
  site = await labSite();
});

const one = (results: readonly Result[], check: string, host: string) =>
  results.find((r) => r.check === check && r.host === host)!;

const details = (r: Result) =>
  `${r.summary}\n${r.steps
    .filter((s) => s.status !== 'ok')
    .map((s) => `${s.status} ${s.summary} -- ${s.hint}`)
    .join('\n')}`;

describe('config/seed-drift on the lab', () => {
  it('is OK on relay, servera and serverb, with the deviations test/lab/oxdoctor.yaml documents', async () => {
    const results = await runChecks(site, [seedDriftCheck]);
    expect(results.map((r) => r.host)).toEqual(expect.arrayContaining(['relay', 'servera', 'serverb']));
    expect(results.filter((r) => r.status !== 'ok').map(details)).toEqual([]);
    expect(one(results, 'config/seed-drift', 'serverb').summary).toMatch(
      /^all \d+ seed settings of .* match the seed or a deviation the config accepts \(.*dns_lookup_kdc\)$/,
    );
  }, 120_000);

  it('seed-setting-drift: names the reject code (CRIT, postconf -e to set it back) and the lost "Sent Items" on servera only', async () => {
    await breakFault('seed-setting-drift');
    let broken: Result[];
    try {
      broken = await runChecks(site, [seedDriftCheck, foldersCheck]);
    } finally {
      await healFault('seed-setting-drift');
    }
    const drift = one(broken, 'config/seed-drift', 'servera');
    expect(drift.status, show(broken)).toBe('crit');
    // catches: a main.cf option set to another value than the seed's
    expect(drift.summary).toBe(
      'unknown_local_recipient_reject_code is 550, the seed sets 450: AD lookup hiccups now bounce mail ' +
        '(and 1 more: autocreate_inbox_folders)',
    );
    expect(drift.hint).toMatch(
      /^postconf -e 'unknown_local_recipient_reject_code = 450' && postfix reload \(seed: "do not immediately reject .*"; read from postconf\)$/,
    );
    const folders = drift.steps.find((s) => s.name === 'imapd.conf autocreate_inbox_folders')!;
    expect(folders.status).toBe('warn');
    // catches: imapd.conf's autocreate list lost a folder (Sent Items)
    expect(folders.summary).toBe(
      'autocreate_inbox_folders lacks "Sent Items" (it is Drafts|Junk|Trash), the seed sets "Drafts|Sent Items|Junk|Trash": ' +
        'new users get no such folder: OX cannot file drafts, sent mail, spam or deleted mail there',
    );
    expect(folders.hint).toMatch(
      /^set line 31 of \/etc\/imapd\.conf: "autocreate_inbox_folders: Drafts\|Sent Items\|Junk\|Trash"/,
    );
    const mailbox = one(broken, 'mailbox/folders', 'servera');
    expect(mailbox.status, show(broken)).toBe('warn');
    expect(mailbox.summary).toMatch(
      /lacks "Sent Items", which the seed expects: users created from now on get no "Sent Items"$/,
    );
    expect(one(broken, 'config/seed-drift', 'serverb').status).toBe('ok');
    expect(one(broken, 'config/seed-drift', 'relay').status).toBe('ok');

    const healed = await runChecks(site, [seedDriftCheck, foldersCheck]);
    expect(healed.filter((r) => r.status !== 'ok').map(details)).toEqual([]);
  }, 180_000);
});
