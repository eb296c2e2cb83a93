// One user's listuser record against what the sync conf that covers it says OX must hold: the AD values its
// mapping reads (primary address, aliases, IMAP login), the mapping's IMAP and SMTP server and its module access.
// Pure: each finding is a Step whose sentence names the host.
import type { Step } from '../../core/result.js';
import { accessSet } from '../../ox/ldapsync-conf.js';
import { field, isAccessColumn, type OxUser } from '../../ox/listuser-csv.js';
import type { SyncSetup } from '../../facts/sync-confs.js';
import type { MappedValues } from './coverage.js';

export interface RecordExpectation {
  readonly host: string;
  readonly login: string;
  readonly setup: SyncSetup; // the conf that covers the user
  readonly values: MappedValues; // AD's values of the attributes its mapping reads
  readonly others: readonly SyncSetup[]; // the host's other confs, to name the class OX gave instead
}

const RESYNC =
  'the sync has not applied the current AD and mapping values: ' +
  'run /opt/open-xchange/sbin/oxsync and read /var/log/oxldapsync.log';

export function className(setup: SyncSetup): string {
  return /infostore/i.test(setup.name) ? 'infostore-only user' : 'full OX user';
}

export function aClass(setup: SyncSetup): string {
  return /infostore/i.test(setup.name) ? 'an infostore-only user' : 'a full OX user';
}

export function compareRecord(user: OxUser, want: RecordExpectation): Step[] {
  const { host, login, setup, values } = want;
  const mappingName = setup.mappingPath ?? `the mapping of ${setup.name}`;
  const mapping = setup.mapping;
  const fields: [string, string, string, string | undefined][] = [
    ['primary', 'PrimaryEmail', 'AD mail', values.mail],
    ['imap-login', 'ImapLogin', 'AD login', values.imapLogin],
    ['imap-server', 'ImapServer', `${mappingName} imapserver`, mapping?.get('imapserver')],
    ['smtp-server', 'SmtpServer', `${mappingName} smtpserver`, mapping?.get('smtpserver')],
  ];
  const steps: Step[] = fields.map(([name, column, source, expected]) => {
    const have = field(user, column) ?? undefined;
    if (expected === undefined)
      return { name, status: 'ok', summary: `${column} ${have ?? '(empty)'} (${source} sets none)` };
    if ((have ?? '').toLowerCase() === expected.toLowerCase())
      return { name, status: 'ok', summary: `${column} ${have} as ${source}` };
    return {
      name,
      status: 'crit',
      summary: `${host}: OX holds ${column} ${have ?? '(empty)'} for ${login} but ${source} says ${expected}`,
      hint: RESYNC,
    };
  });
  steps.push(aliasStep(user, want));
  steps.push(accessStep(user, want));
  return steps;
}

// The aliases OX lets the user send as, against the addresses the mapped AD attribute holds (smtp: ones).
function aliasStep(user: OxUser, want: RecordExpectation): Step {
  const { host, login, values } = want;
  if (values.aliases === undefined)
    return { name: 'aliases', status: 'ok', summary: `aliases not compared (the mapping maps none)` };
  const ad = new Set(
    [values.mail, ...values.aliases.filter((a) => /^smtp:/i.test(a)).map((a) => a.slice(5))]
      .filter((a): a is string => !!a)
      .map((a) => a.toLowerCase()),
  );
  const ox = new Set(
    (field(user, 'Aliases') ?? '')
      .split(',')
      .map((a) => a.trim().toLowerCase())
      .filter((a) => a !== ''),
  );
  const missing = [...ad].filter((a) => !ox.has(a));
  const extra = [...ox].filter((a) => !ad.has(a));
  if (missing.length === 0 && extra.length === 0)
    return { name: 'aliases', status: 'ok', summary: `aliases ${[...ox].join(', ')} as in AD` };
  const parts = [
    ...(missing.length ? [`lack ${missing.join(', ')} (in AD)`] : []),
    ...(extra.length ? [`still include ${extra.join(', ')} (no longer in AD)`] : []),
  ];
  return {
    name: 'aliases',
    status: 'warn',
    summary: `${host}: OX's aliases of ${login} ${parts.join(' and ')}: OX offers other sender addresses than AD`,
    hint: RESYNC,
  };
}

// Module access against the covering conf's mapping; when OX's set is another conf's, that class is named.
function accessStep(user: OxUser, want: RecordExpectation): Step {
  const { host, login, setup, others } = want;
  const mapping = setup.mapping;
  if (!mapping)
    return {
      name: 'access',
      status: 'warn',
      summary:
        `${host}: ${setup.mappingPath ?? 'the mapping file'} of ${setup.name} is missing: ` +
        `module access of ${login} not compared`,
      hint: `restore ${setup.mappingPath ?? 'the mappingfile'} named in ${setup.path}`,
    };
  const wrong = accessDiff(user, accessSet(mapping));
  const mappingName = setup.mappingPath ?? 'the mapping';
  if (wrong.length === 0)
    return { name: 'access', status: 'ok', summary: `module access of ${aClass(setup)} as ${mappingName}` };
  const actually = others.find((o) => o.mapping && accessDiff(user, accessSet(o.mapping)).length === 0);
  const shown = wrong.slice(0, 4).join(', ') + (wrong.length > 4 ? ` and ${wrong.length - 4} more` : '');
  return {
    name: 'access',
    status: 'crit',
    summary: actually
      ? `${host}: OX gives ${login} the module access of ${aClass(actually)} (${actually.mappingPath}) ` +
        `but ${setup.name} covers it as ${aClass(setup)}: ${shown}`
      : `${host}: OX's module access of ${login} differs from ${mappingName} (${className(setup)}): ${shown}`,
    hint:
      'run /opt/open-xchange/sbin/oxsync (a user that moved between the filters keeps its old access until ' +
      'the sync changes it), or changeuser the access-* set',
  };
}

function accessDiff(user: OxUser, access: ReadonlyMap<string, boolean>): string[] {
  const wrong: string[] = [];
  for (const [column, value] of user) {
    if (!isAccessColumn(column)) continue;
    const expected = access.get(column.toLowerCase());
    if (expected === undefined) continue;
    if ((value === 'true') !== expected)
      wrong.push(`${column}=${value ?? '(empty)'} (mapping: ${expected ? 'on' : 'off'})`);
  }
  return wrong;
}
