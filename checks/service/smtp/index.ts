// service/smtp: every smtpd listener of the host's own master.cf answers 220 with a sane name and EHLO.
import type { Check } from '../../../src/core/check.js';
import { crit, unknown } from '../../../src/core/result.js';
import { inetListenersOf, masterCf } from '../../../src/facts/master-cf.js';
import { postconf } from '../../../src/facts/postconf.js';
import { listenersOutcome } from '../../../src/checkkit/listeners-outcome.js';
import { openerFor } from '../../../src/checkkit/probe.js';
import { tlsOpener, type TlsSeen } from '../../../src/protocols/tls.js';
import { smtpStep } from '../../../src/checkkit/smtp-step.js';
import { smtpTargets } from './targets.js';

export const smtpCheck: Check = {
  id: 'service/smtp',
  title: 'SMTP listeners',
  roles: ['relay', 'groupware'],
  proves: 'each smtpd listener in master.cf answers 220 with the expected host name and answers EHLO',
  catches: [
    'smtpd listener of master.cf not listening: connection refused',
    'listener accepts but never greets (smtpd hung or out of processes)',
    'listener refuses the session with 421/554 in its greeting (connection limits, overload)',
    'listener greets but does not answer EHLO with 250',
    'listener greets with another name than its myhostname (peers may refuse the mail)',
    'listener greets with a name that is not fully qualified (localhost)',
    'another program than smtpd answers on the port',
    'master.cf has no inet smtpd listener (smtp line removed or commented out)',
  ],
  misses: [
    'expired or untrusted TLS certificate on smtps/STARTTLS (recorded as evidence, not judged; openssl s_client)',
    'a listener reachable from the host but firewalled from clients (probed from the host itself; telnet from a client)',
    'restrictions rejecting real senders or recipients (no MAIL/RCPT is sent; the mail log on the host)',
    'mail accepted but stuck afterwards (queue/depth, postfix/handoffs, postfix/pipeline)',
    "next hops refusing this host's mail (postfix/handoffs probes them from the sending side)",
  ],
  timeoutMs: 15_000,
  async run(ctx) {
    const [master, pc] = await Promise.all([masterCf(ctx), postconf(ctx)]);
    if (!master.found)
      return unknown(`no master.cf at ${master.path} on ${ctx.host.name}: cannot tell which SMTP listeners to probe`);
    const { targets, unresolved } = smtpTargets(await inetListenersOf(ctx), pc);
    if (targets.length === 0) {
      return crit(`master.cf at ${master.path} has no inet smtpd listener (expected at least smtp on port 25)`, {
        hint: 'postfix receives no mail over the network: restore the "smtp inet ... smtpd" line in master.cf and run postfix reload',
      });
    }
    const steps = await Promise.all(
      targets.map((t) => {
        const target = `${t.host}:${t.port}`;
        const seen: TlsSeen = {};
        const plain = openerFor(ctx, t.host, t.port);
        return smtpStep(ctx, {
          name: `${t.service} (${target}${t.tls ? ', TLS' : ''})`,
          what: `smtpd "${t.service}" (master.cf line ${t.line}${t.tls ? ', implicit TLS' : ''})`,
          service: 'postfix',
          target,
          open: t.tls ? tlsOpener(plain, t.expectName ?? t.host, seen) : plain,
          ...(t.expectName ? { expectName: t.expectName } : {}),
        }).then((step) => {
          if (t.tls && seen.subject !== undefined) {
            ctx.record(
              `TLS ${target}`,
              `certificate CN=${seen.subject} issuer CN=${seen.issuer ?? '?'} valid to ${seen.validTo ?? '?'}; trusted: ${seen.authorized ? 'yes' : `no (${seen.authorizationError ?? 'unknown'})`}`,
            );
          }
          return step;
        });
      }),
    );
    for (const u of unresolved) {
      steps.push({
        name: u,
        status: 'warn',
        summary: `cannot probe master.cf service ${u}`,
        hint: 'use a numeric port or a name from /etc/services',
      });
    }
    return listenersOutcome('smtpd listeners', steps);
  },
};
