// config/seed-drift: every setting the seed's tables require of this host's role, compared with what the host
// runs (postconf for main.cf so defaults count, master.cf -o, imapd.conf, amavisd.conf, the oxldapsync confs,
// the LDAP maps, krb5.conf). Each drift is named with the seed's value, what it breaks and how to set it back.
import type { Check, CheckContext } from '../../../src/core/check.js';
import { fromSteps, ok, type Step } from '../../../src/core/result.js';
import { NOT_COMPARED, settingsFor } from '../../../src/seed/settings.js';
import type { SeedSetting, SeedSource } from '../../../src/seed/types.js';
import { readAmavisdConf, readImapdConf, readKrb5Conf } from './file-readers.js';
import { judge, type Verdict } from './judge.js';
import { isNotHere, onceMemo, type Observation, type Once } from './observation.js';
import { readLdapMap, readLdapsync } from './ox-readers.js';
import { readMainCf, readMasterCf } from './postfix-readers.js';

const READERS: Record<SeedSource, (ctx: CheckContext, s: SeedSetting, once: Once) => Promise<Observation>> = {
  'main.cf': readMainCf,
  'master.cf': readMasterCf,
  'imapd.conf': readImapdConf,
  'amavisd.conf': readAmavisdConf,
  ldapsync: readLdapsync,
  'ldap-map': readLdapMap,
  'krb5.conf': readKrb5Conf,
};

export const seedDriftCheck: Check = {
  id: 'config/seed-drift',
  title: 'Settings the seed requires',
  roles: ['relay', 'groupware', 'archive'],
  proves:
    "every option the deployment guide's tables set for this host's role (relay; server A; server B) in postfix main.cf (effective, defaults count) and master.cf -o, imapd.conf, amavisd.conf, the oxldapsync confs and mappings, the LDAP maps and krb5.conf has the seed's value, as the files have it (the OX properties tables are not read); site-specific options (addresses, hostnames, networks, DNs) are deliberately not compared, and the config's seedDeviations are accepted",
  catches: [
    "a main.cf option removed: postfix's default runs instead of the seed's value",
    "a main.cf option set to another value than the seed's",
    "a master.cf service lost its -o override and runs main.cf's value",
    'a master.cf service the seed adds is missing (the amavis reinjection listener on 10025)',
    'an amavisd.conf option changed ($final_spam_destiny: spam is no longer delivered)',
    'an amavisd.conf option the seed leaves unset is set (@bypass_spam_checks_maps)',
    'an imapd.conf option changed (unixhierarchysep: folder names change separator)',
    "imapd.conf's autocreate list lost a folder (Sent Items)",
    'an imapd.conf option the seed sets is removed',
    "a cyrus 2.3 imapd.conf option drifted (autocreatequota 0: new users' INBOX is not created)",
    'an LDAP map option changed (adcopyfix result_format: sent copies land in INBOX)',
    'an LDAP map file the seed configures is missing',
    'an oxldapsync filter changed (userfilter: deleteusers would delete the other users)',
    "an oxldapsync mapping value drifted (OX's spam folder is not cyrus's Junk)",
    'a krb5.conf [libdefaults] option drifted (dns_lookup_kdc)',
  ],
  misses: [
    'an edit not yet applied: files are compared, not running daemons (postfix reload, restart)',
    'site-specific addresses, hostnames, networks, DNs, realms (the evidence lists them and why)',
    'options the seed does not set: an added restriction or limit (postconf -n against the seed)',
    'a source gone (no amavisd.conf or imapd.conf) is only "not here" (service/amavis, service/imap)',
    "OX's properties tables (imapauth, mailfilter, ajp): not read (/opt/open-xchange/etc/groupware)",
    'cyrus.conf services and EVENTS, /etc/cron.d/ox: not compared (service/imap, cron/ox-jobs)',
    'a syntax error that stops a daemon (postfix check, amavisd debug; service/* see it down)',
    'a map file postfix may not read (owner or mode; routing/ldap-maps queries the maps)',
  ],
  timeoutMs: 15_000,
  async run(ctx) {
    const settings = settingsFor(ctx.host.roles);
    const once = onceMemo();
    const observations = await Promise.all(settings.map((s) => READERS[s.source](ctx, s, once)));
    const verdicts: Verdict[] = [];
    const absent = new Map<SeedSource, string>();
    settings.forEach((s, i) => {
      const o = observations[i]!;
      if (isNotHere(o)) absent.set(s.source, o.notHere);
      else verdicts.push(judge(s, o, ctx.host.name, ctx.site.seedDeviations ?? []));
    });
    ctx.record('seed settings compared', table(verdicts));
    ctx.record('seed settings not compared', notCompared(verdicts, absent));
    const drifts = verdicts.filter((v) => v.kind === 'drift');
    const accepted = verdicts.filter((v) => v.kind === 'accepted');
    const steps: Step[] = [...drifts.map((v) => v.step), ...accepted.map((v) => v.step), ...sourceSteps(verdicts)];
    const scope = `${verdicts.length} seed settings of ${[...new Set(verdicts.map((v) => v.setting.source))].join(', ') || 'no source'}`;
    const skipped = absent.size > 0 ? `; not here: ${[...absent.values()].join(', ')}` : '';
    if (drifts.length === 0) {
      const names = accepted.map((v) => v.observed.label).join(', ');
      const acceptedText = accepted.length > 0 ? ` or a deviation the config accepts (${names})` : '';
      return ok(`all ${scope} match the seed${acceptedText}${skipped}`, { steps });
    }
    const worst = drifts.some((d) => d.step.status === 'crit') ? 'crit' : 'warn';
    const first = drifts.find((d) => d.step.status === worst)!;
    const others = drifts.filter((d) => d !== first).map((d) => d.observed.label);
    const more = others.length > 0 ? ` (and ${others.length} more: ${others.join(', ')})` : '';
    return fromSteps(steps, { summary: `${first.step.summary}${more}`, hint: first.step.hint! });
  },
};

// One OK step per source: how many of its settings match.
function sourceSteps(verdicts: readonly Verdict[]): Step[] {
  const bySource = new Map<SeedSource, Verdict[]>();
  for (const v of verdicts) bySource.set(v.setting.source, [...(bySource.get(v.setting.source) ?? []), v]);
  return [...bySource].map(([source, vs]) => {
    const matching = vs.filter((v) => v.kind === 'match').length;
    return {
      name: source,
      status: 'ok' as const,
      summary: `${matching} of ${vs.length} settings as the seed sets them`,
    };
  });
}

function table(verdicts: readonly Verdict[]): string {
  return verdicts
    .map(
      (v) =>
        `${v.kind.padEnd(8)} ${v.setting.id}: ${v.observed.value ?? '(unset)'} [seed: ${v.observed.expected ?? '(unset)'}] from ${v.observed.where}`,
    )
    .join('\n');
}

function notCompared(verdicts: readonly Verdict[], absent: ReadonlyMap<SeedSource, string>): string {
  const sources = new Set(verdicts.map((v) => v.setting.source));
  const lines = NOT_COMPARED.filter((n) => sources.has(n.source)).map((n) => `${n.source} ${n.key}: ${n.why}`);
  for (const [source, why] of absent) lines.push(`${source}: ${why} on this host`);
  return lines.join('\n') || '(none)';
}
