// The sieve step: the user's scripts as timsieved lists them to the cyrus admin logged in on the user's behalf
// (ManageSieve, port from cyrus.conf, the seed's 2000), and whether one is active (OX's filters, vacation, forwards).
import type { CheckContext } from '../../core/check.js';
import type { Step } from '../../core/result.js';
import { probeStep, remainingMs } from '../../checkkit/probe.js';
import { cyrusEndpoint, isOutcome } from '../../checkkit/test-user.js';
import { listSieveScripts } from '../../protocols/sieve-session.js';
import type { CyrusAdmin } from './admin-view.js';

export async function sieveStep(ctx: CheckContext, admin: CyrusAdmin, login: string): Promise<Step> {
  const host = ctx.host.name;
  const endpoint = await cyrusEndpoint(ctx, 'timsieved');
  if (isOutcome(endpoint))
    return {
      name: 'sieve',
      status: endpoint.status,
      summary: `${host}: ${endpoint.summary}`,
      ...(endpoint.hint ? { hint: endpoint.hint } : {}),
    };
  const credentials = { login: admin.login, password: admin.password, authzid: login };
  const result = await listSieveScripts(endpoint.open, credentials, {
    signal: ctx.signal,
    timeoutMs: remainingMs(ctx),
  });
  const step = probeStep(
    ctx,
    {
      name: 'sieve',
      what: `ManageSieve login of ${admin.login} for ${login}`,
      service: 'cyrus timsieved',
      target: endpoint.target,
      ok: ({ scripts }) => {
        const active = scripts.find((s) => s.active);
        if (active) return { status: 'ok', summary: `${login}'s sieve script "${active.name}" is active` };
        const names = scripts.map((s) => `"${s.name}"`).join(', ');
        return {
          status: 'warn',
          summary: `${login} has no active sieve script (${scripts.length === 0 ? 'no scripts' : `inactive: ${names}`}): OX filter rules, vacation notices and forwards do not run`,
          hint: "save the user's mail filter once in OX, or activate the script (sieveshell: activate NAME); the seed's copyjunkfilter cron job installs the default one",
        };
      },
    },
    result,
  );
  if (!result.ok && result.failure === 'auth')
    return {
      name: 'sieve',
      status: 'unknown',
      summary: `${host}: timsieved at ${endpoint.target} does not let the cyrus admin ${admin.login} log in for ${login} (${result.message}): the sieve scripts are not seen`,
      hint: `list ${admin.login} in admins: of /etc/imapd.conf on ${host}, or check the scripts with the user's password (mailbox/sieve-script)`,
    };
  return { ...step, summary: `${host}: ${step.summary}` };
}
