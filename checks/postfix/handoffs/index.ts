// postfix/handoffs: every place this host hands mail to another SMTP listener of the site (relayhost, transport
// entries, BCC destinations, content_filter, amavis re-injection) is accepted at the other end.
import type { Check, CheckContext } from '../../../src/core/check.js';
import { fromSteps, ok, type Step } from '../../../src/core/result.js';
import { handoffsOf } from '../../../src/facts/handoffs.js';
import { postfixConfigured } from '../../../src/facts/requirements.js';
import { postconf } from '../../../src/facts/postconf.js';
import { describeHandoff } from '../../../src/postfix/handoffs.js';
import { handoffStep } from './step.js';
import { receivingHost } from '../../../src/checkkit/receiving-host.js';

// No live SMTP probe: connections start on the sender through SSH (forwardOut), whose source address is sshd's
// choice, not postfix's; in the lab every host shares the loopback and such a connection comes from the
// receiver's own address, so a probe would test the wrong client. The receiver's config decides instead, and
// nothing is sent.
export const handoffsCheck: Check = {
  id: 'postfix/handoffs',
  title: 'hand-offs accepted by the receiving host',
  roles: ['relay', 'groupware'],
  proves:
    "each hand-off to a configured host (relayhost, transport_maps next hops, BCC destinations, content_filter, amavis' re-injection) has an enabled smtpd listener on the receiver for that address:port whose mynetworks and client/relay/recipient restrictions (main.cf under its -o overrides) let this host's address in",
  catches: [
    "no smtpd listener on the receiver for the hand-off's address and port",
    "the receiver's mynetworks and client restrictions reject this host: its mail stays deferred",
    'sending from an address the receiver relays nothing for (accepted only for its own domains)',
    'a transport table that cannot be listed: hand-offs through it are named as not judged',
    "the receiver's configuration cannot be read (UNKNOWN, naming its error)",
  ],
  misses: [
    "the receiver's postfix stopped or not reloaded: its files accept, the daemon does not (service/smtp on it)",
    'a firewall or route dropping the port between the hosts (nothing is sent; telnet HOST PORT from the sender)',
    'a source address other than the configured one, e.g. NAT (assumed, except smtp_bind_address; maillog)',
    'hand-offs to Exchange, the SMTP VIP or hosts outside the config (named, not judged; service/smtp there)',
    'TLS or SASL the receiver demands, message_size_limit, header/body checks (not judged; its maillog)',
    "amavisd itself not taking the content_filter hand-off on this host's loopback (service/amavis)",
  ],
  timeoutMs: 15_000,
  requires: [postfixConfigured],
  async run(ctx) {
    const [facts, pc] = await Promise.all([handoffsOf(ctx), postconf(ctx)]);
    ctx.record('hand-offs', facts.handoffs.map(describeHandoff).join('\n') || '(none)');
    const bind = pc.get('smtp_bind_address');
    const notJudged: string[] = [];
    const steps: Step[] = [];
    const judged = await Promise.all(
      facts.handoffs.map(async (h) => {
        const rx = receivingHost(ctx, h.host);
        if (!rx) return (notJudged.push(outsider(ctx, h.host, h.port)), null);
        // smtp_bind_address makes postfix connect from that address instead of the configured one.
        const client = !rx.self && bind ? { ...rx, client: bind, clientSource: 'smtp_bind_address' } : rx;
        return handoffStep(h, ctx.host.name, client);
      }),
    );
    for (const s of judged) if (s) steps.push(s);
    if (facts.unread.length > 0)
      steps.push({
        name: 'tables',
        status: 'warn',
        summary: `the entries of ${facts.unread.join('; ')}: hand-offs through them are not judged`,
        hint: `run "postmap -s TABLE" on ${ctx.host.name} to see why the table cannot be listed`,
      });
    const others =
      notJudged.length > 0 ? `; not a configured host, not judged: ${[...new Set(notJudged)].join(', ')}` : '';
    if (steps.length === 0) return ok(`no hand-off to a configured host${others}`);
    const healthy = steps.every((s) => s.status === 'ok');
    const bad = steps.filter((s) => s.status !== 'ok');
    return fromSteps(steps, {
      ...(healthy
        ? {
            summary: `${steps.length} hand-off${steps.length === 1 ? '' : 's'} accepted: ${steps.map((s) => s.name).join(', ')}${others}`,
          }
        : bad.length > 1
          ? { summary: `${bad.length} hand-offs refused: ${bad.map((s) => s.summary).join(' | ')}` }
          : {}),
    });
  },
};

// A next hop outside the configured hosts, named as the site config knows it.
function outsider(ctx: CheckContext, host: string, port: number): string {
  const { exchange, vip } = ctx.site.endpoints;
  if (exchange?.host === host) return `Exchange ${host}:${port}`;
  // The VIP moves between cluster nodes: configure the node that holds it under the VIP's address to judge it.
  if (vip?.smtp === host) return `the SMTP VIP ${host}:${port}`;
  return `${host}:${port}`;
}
