// Running the OX admin CLI's listuser on the host: ADMIN_PASSWORD in the child's environment, never -P.
import type { CheckContext } from '../core/check.js';
import type { ExecResult } from '../transport/types.js';
import { notConfigured } from '../core/not-configured.js';
import { crit, type Outcome } from '../core/result.js';
import { exitMeaning } from './listuser-exit.js';
import { parseListuserCsv, type ListuserCsv } from './listuser-csv.js';

export const LISTUSER = '/opt/open-xchange/sbin/listuser';

export type ListuserAnswer =
  | { readonly ok: true; readonly csv: ListuserCsv; readonly result: ExecResult }
  | { readonly ok: false; readonly outcome: Outcome; readonly exitCode?: number };

export async function listuser(
  ctx: CheckContext,
  pattern: string,
  maxOutputBytes = 64 * 1024 * 1024,
): Promise<ListuserAnswer> {
  const ox = ctx.site.ox;
  if (!ox) {
    const needed = 'the OX context and admin listuser runs with; no OX job on this host names them (-c, -A)';
    return {
      ok: false,
      outcome: notConfigured('ox', needed, '{ context: 1, admin: oxadmin, adminPassword: { file: /path } }'),
    };
  }
  if (/[\r\n\0]/.test(pattern))
    return {
      ok: false,
      outcome: crit(`refusing to search OX for ${JSON.stringify(pattern)}: it contains CR, LF or NUL`, {
        hint: 'fix the user name in the config',
      }),
    };
  const env: Record<string, string> = {};
  if (ox.adminPassword) env.ADMIN_PASSWORD = ox.adminPassword.reveal();
  const result = await ctx.exec([LISTUSER, '-c', String(ox.context), '-A', ox.admin, '-s', pattern, '--csv'], {
    env,
    maxOutputBytes,
    signal: ctx.signal,
  });
  if (
    result.code === 127 ||
    (result.code !== 0 && result.stdout === '' && /No such file or directory|not found/.test(result.stderr))
  ) {
    return {
      ok: false,
      outcome: crit(`${LISTUSER} is missing on ${ctx.host.name}`, {
        hint: 'run oxdoctor against an OX groupware host, or install open-xchange-admin',
      }),
    };
  }
  // Without a password the admin CLI refuses (101) or asks for -P (104): that is missing configuration.
  if (!ox.adminPassword && (result.code === 101 || (result.code === 104 && /adminpass|-P\b/.test(result.stderr)))) {
    return {
      ok: false,
      outcome: notConfigured(
        'ox.adminPassword',
        `the admin daemon wants the password of ${ox.admin}; no OX job here passes it`,
        '{ file: /path }',
      ),
    };
  }
  if (result.code !== 0) {
    const m = exitMeaning(result.code);
    const said =
      result.stderr
        .trim()
        .split('\n')
        .filter((l) => l.trim() !== '')
        .slice(-1)[0] ?? '';
    return {
      ok: false,
      exitCode: result.code ?? undefined,
      outcome: crit(`listuser on ${ctx.host.name} failed: ${m.cause}${said ? ` ("${said.slice(0, 200)}")` : ''}`, {
        hint: m.hint,
      }),
    };
  }
  if (result.truncated)
    return {
      ok: false,
      outcome: crit(`listuser output on ${ctx.host.name} exceeded ${maxOutputBytes} bytes`, {
        hint: 'narrow the search pattern',
      }),
    };
  try {
    return { ok: true, csv: parseListuserCsv(result.stdout), result };
  } catch (err) {
    return {
      ok: false,
      outcome: crit(`listuser on ${ctx.host.name} printed CSV oxdoctor cannot read: ${(err as Error).message}`, {
        hint: 'run listuser --csv by hand and report the output',
      }),
    };
  }
}
