// ox/listuser: the test user exists in OX as the sync should have made it from AD.
import type { Check } from '../../../src/core/check.js';
import { crit, fromSteps, unknown, type Step } from '../../../src/core/result.js';
import { accessSet } from '../../../src/ox/ldapsync-conf.js';
import { field, isAccessColumn, type OxUser } from '../../../src/ox/listuser-csv.js';
import { AdUnavailable } from '../../../src/protocols/ad-directory.js';
import { listuser } from '../../../src/checkkit/listuser.js';
import { syncSetups } from '../../../src/facts/sync-confs.js';
import { adUserClass, type AdUser } from './user-class.js';
import { notConfigured } from '../../../src/core/not-configured.js';

export const listuserCheck: Check = {
  id: 'ox/listuser',
  title: 'OX test user',
  roles: ['groupware'],
  proves:
    'listuser finds the test user in OX with its AD primary address, IMAP login/server, SMTP server and the module access of its class',
  catches: [
    'test user missing from OX while AD has it (the sync did not create it, or deleted it)',
    'user in OX but no sync userfilter matches it in AD (deleteusers removes it next run)',
    'OX holds another primary address, IMAP login, IMAP or SMTP server than AD and the mapping say',
    "module access differs from the user's class (full user vs infostore user)",
    'OX admin password refused (listuser exit 101)',
    'OX admin daemon unreachable (listuser exit 105)',
    'configdb unreachable (listuser exit 106, and the database does not answer either)',
    "configdb answers but OX's own configdb credentials are refused (exit 106)",
    'listuser missing on the host (OX admin tools not installed)',
  ],
  misses: [
    'other users missing from OX or out of sync (ox/sync-coverage)',
    'the nightly sync failing or not running (ox/ldapsync-log, cron/ox-jobs)',
    'OX groupware down for users while the admin daemon answers (service/ajp, service/http)',
    "the user's OX web login and mail access (not tried; mailbox/imap-login for IMAP)",
    'context disabled or over its quota (not read; listcontext -c 1)',
    'a storage error that clears on the retry (listuser is run twice; open-xchange-admin.log)',
  ],
  timeoutMs: 20_000,
  async run(ctx) {
    const login = ctx.site.testUser?.login;
    if (!login) return notConfigured('testUser', 'the test user to look up in OX', '{ login, address, password }');
    const context = ctx.site.ox?.context ?? 1;
    const setups = await syncSetups(ctx);
    const [answer, ad] = await Promise.all([listuser(ctx, login), lookUp(ctx, setups, login)]);
    if (!answer.ok) return answer.outcome;
    const user = answer.csv.users.find((u) => field(u, 'Name') === login);
    if (!user) {
      const inAd =
        ad instanceof Error
          ? ''
          : ad
            ? `; AD has it (${ad.dn}, matched by ${ad.setup.name})`
            : '; no sync filter matches it in AD either';
      return crit(`test user ${login} is missing from OX context ${context} on ${ctx.host.name}${inAd}`, {
        hint: 'the sync did not create it or deleted it: read /var/log/oxldapsync.log, then run /opt/open-xchange/sbin/oxsync (or wait for the nightly cron)',
      });
    }
    if (ad instanceof Error)
      return unknown(
        `test user ${login} is in OX context ${context}, but AD could not be read to compare: ${ad.message}`,
      );
    if (!ad) {
      return crit(
        `test user ${login} is in OX context ${context} but no sync userfilter matches it in AD (${setups.map((s) => s.name).join(', ') || 'no ldapsync conf found'})`,
        {
          hint: 'with deleteusers = yes the next sync deletes it: check the AD account (mail, extensionAttribute1) against the userfilter',
        },
      );
    }
    const steps = compare(user, ad, login);
    return fromSteps(
      steps,
      steps.every((s) => s.status === 'ok')
        ? {
            summary: `test user ${login} is in OX context ${context} as a ${className(ad)} with ${ad.mail}, IMAP ${field(user, 'ImapLogin')}@${field(user, 'ImapServer')}, SMTP ${field(user, 'SmtpServer')}`,
          }
        : {},
    );
  },
};

async function lookUp(
  ctx: Parameters<Check['run']>[0],
  setups: Parameters<typeof adUserClass>[1],
  login: string,
): Promise<AdUser | null | Error> {
  try {
    return await adUserClass(ctx, setups, login);
  } catch (err) {
    if (err instanceof AdUnavailable || err instanceof Error) return err;
    return new Error(String(err));
  }
}

function className(ad: AdUser): string {
  return /infostore/i.test(ad.setup.name) ? 'infostore user' : 'full user';
}

function compare(user: OxUser, ad: AdUser, login: string): Step[] {
  const mapping = ad.setup.mapping;
  const expected: [string, string, string | undefined][] = [
    ['PrimaryEmail', 'AD mail', ad.mail],
    ['ImapLogin', 'AD login', ad.imapLogin],
    ['ImapServer', `${ad.setup.mappingPath ?? 'mapping'} imapserver`, mapping?.get('imapserver')],
    ['SmtpServer', `${ad.setup.mappingPath ?? 'mapping'} smtpserver`, mapping?.get('smtpserver')],
  ];
  const steps: Step[] = expected.map(([column, source, want]) => {
    const have = field(user, column);
    if (want === undefined)
      return { name: column, status: 'ok', summary: `${column} ${have ?? '(empty)'} (no expectation in ${source})` };
    const same = (have ?? '').toLowerCase() === want.toLowerCase();
    return same
      ? { name: column, status: 'ok', summary: `${column} ${have} as ${source}` }
      : {
          name: column,
          status: 'crit',
          summary: `OX has ${column} ${have ?? '(empty)'} for ${login} but ${source} says ${want}`,
          hint: 'the sync has not applied the current AD/mapping values: run /opt/open-xchange/sbin/oxsync and read /var/log/oxldapsync.log',
        };
  });
  const access = mapping ? accessSet(mapping) : new Map<string, boolean>();
  const wrong: string[] = [];
  for (const [column, value] of user) {
    if (!isAccessColumn(column)) continue;
    const want = access.get(column.toLowerCase());
    if (want === undefined) continue;
    if ((value === 'true') !== want) wrong.push(`${column}=${value ?? '(empty)'} (mapping: ${want ? 'on' : 'off'})`);
  }
  steps.push(
    wrong.length === 0
      ? {
          name: 'access',
          status: 'ok',
          summary: `module access as ${ad.setup.mappingPath ?? 'the mapping'} grants a ${className(ad)}`,
        }
      : {
          name: 'access',
          status: 'crit',
          summary: `${login}'s OX module access differs from ${ad.setup.mappingPath} (${className(ad)}): ${wrong.slice(0, 5).join(', ')}${wrong.length > 5 ? ` and ${wrong.length - 5} more` : ''}`,
          hint: 'a user moved between the full and infostore filters, or access was changed by hand: run oxsync, or changeuser the access-* set',
        },
  );
  return steps;
}
