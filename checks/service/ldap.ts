// service/ldap: the AD LDAP of the site accepts the service account's bind from this host's point of view.
import type { Check } from '../../src/core/check.js';
import { fromSteps, unknown, type Step } from '../../src/core/result.js';
import { probeLdap } from '../../src/protocols/ldap.js';
import { runProbe } from '../../src/protocols/session.js';
import { failureHint, failureSummary, openerFor, probeStep, remainingMs } from '../../src/checkkit/probe.js';
import { notConfigured } from '../../src/core/not-configured.js';

export const ldapCheck: Check = {
  id: 'service/ldap',
  title: 'AD LDAP bind',
  roles: ['groupware'],
  proves: 'the AD LDAP server is reachable from this host and accepts the configured service account (and base DN)',
  catches: [
    'directory down or port closed: connection refused',
    'directory name does not resolve from the host',
    'directory accepts but never answers the bind (DC overloaded or hung)',
    "service account's password wrong or changed: invalid credentials (rc 49)",
    'base DN does not exist (OU renamed or moved)',
  ],
  misses: [
    "an expired, disabled or locked service account: rc 49 as for a wrong password (AD's data 532/533/775 tell)",
    "other domain controllers than the one in endpoints.ldap.url (not probed; the maps' server_host: routing/ldap-maps)",
    'postfix ldap maps with their own bind_dn/bind_pw (routing/ldap-maps)',
    'ldaps certificate expiry ahead of time (not judged; openssl s_client -connect dc:636)',
    'another program on the LDAP port: seen only as no answer in time (ss -ltnp on the DC)',
    'size limits truncating what OX syncs from AD (ox/sync-coverage)',
  ],
  timeoutMs: 15_000,
  async run(ctx) {
    const endpoint = ctx.site.endpoints.ldap;
    if (!endpoint)
      return notConfigured(
        'endpoints.ldap',
        'the AD LDAP server to bind to; not found in any postfix ldap map here',
        '{ url, bindDn, bindPassword, baseDn }',
      );
    let url: URL;
    try {
      url = new URL(endpoint.url);
    } catch {
      return unknown(
        `endpoints.ldap.url ${JSON.stringify(endpoint.url)} is not an LDAP URL (expected ldap://host[:port] or ldaps://...)`,
      );
    }
    const secure = url.protocol === 'ldaps:';
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const port = url.port ? Number(url.port) : secure ? 636 : 389;
    const target = `${host}:${port}`;
    // A tunnel hides refused/timeout behind "closed": open one plain connection first to classify reachability.
    const reach = await runProbe(openerFor(ctx, host, port), async ({ connect }) => void (await connect()), {
      signal: ctx.signal,
      timeoutMs: remainingMs(ctx),
    });
    if (!reach.ok) {
      const step: Step = {
        name: target,
        status: 'crit',
        summary: failureSummary('AD LDAP', target, reach.failure, reach.message),
        hint: failureHint(reach.failure, 'the AD domain controller', target, ctx.host.name),
      };
      return fromSteps([step]);
    }
    const tunnel = await ctx.transport.tunnel(host, port);
    try {
      const result = await probeLdap({
        url: `${secure ? 'ldaps' : 'ldap'}://127.0.0.1:${tunnel.port}`,
        ...(secure ? { tlsServername: host } : {}),
        ...(endpoint.bindDn ? { bindDn: endpoint.bindDn } : {}),
        ...(endpoint.bindPassword ? { password: endpoint.bindPassword } : {}),
        baseDn: endpoint.baseDn,
        signal: ctx.signal,
        timeoutMs: remainingMs(ctx),
      });
      const who = endpoint.bindDn ?? 'anonymous';
      const step = probeStep(
        ctx,
        {
          name: target,
          what: `AD LDAP bind as ${who}`,
          service: 'the AD domain controller',
          target,
          ok: (v) =>
            v.baseFound === false
              ? {
                  status: 'crit',
                  summary: `AD LDAP at ${target} accepts ${who} but base DN ${endpoint.baseDn} does not exist (expected the users' base)`,
                  hint: 'fix endpoints.ldap.baseDn (and search_base in the postfix ldap maps) to an existing DN',
                }
              : {
                  status: 'ok',
                  summary: `AD LDAP at ${target} accepts the bind as ${who} and finds ${endpoint.baseDn}`,
                },
        },
        result,
      );
      return fromSteps([step]);
    } finally {
      await tunnel.close();
    }
  },
};
