// One hand-off of the user's mail from this host to the next, checked at the RECEIVING end: the receiver answers on
// that address:port (a greeting, nothing sent), its master.cf and restrictions let this host in for these
// recipients (src/postfix/handoff-accept.ts on the receiver's own facts), and for the archive copy the sender's
// name differs from the receiver's (the seed's smtpcopy "-o myhostname").
import type { CheckContext } from '../../core/check.js';
import type { Step } from '../../core/result.js';
import { messageOf } from '../../core/errors.js';
import { failureHint, failureSummary, openerFor, remainingMs } from '../../checkkit/probe.js';
import { masterCf } from '../../facts/master-cf.js';
import { postconf } from '../../facts/postconf.js';
import { decideAcceptance, where, type Acceptance } from '../../postfix/handoff-accept.js';
import { splitList } from '../../postfix/main-cf.js';
import { findService } from '../../postfix/master-cf.js';
import { domainOf } from '../../postfix/recipient-route.js';
import { probeSmtp, type SmtpInfo } from '../../protocols/smtp.js';
import type { ProbeResult } from '../../protocols/types.js';
import { receivingHost, type ReceivingHost } from '../../checkkit/receiving-host.js';
import type { HostView } from './host-view.js';
import { listed, type HopUse } from './hops.js';

const GREETING_MS = 5000;

export async function handoffStep(view: HostView, hop: HopUse): Promise<Step> {
  const ctx = view.ctx;
  const target = `${hop.host}:${hop.port}`;
  const name = `hand-off ${hop.transport} ${target}`;
  const rx = receivingHost(ctx, hop.host);
  const who = rx ? (rx.self ? `${view.name} itself` : rx.name) : outsider(ctx, hop.host);
  const mail = `${hop.archiveCopy ? 'the archive copy of ' : ''}mail for ${listed(hop.addresses)}`;
  const live = await greet(ctx, hop.host, hop.port);
  if (!live.ok) {
    return {
      name,
      status: 'crit',
      summary:
        `${view.name}: ${failureSummary(`${who}`, target, live.failure, live.message)}, so ${mail} stays ` +
        `deferred in ${view.name}'s queue`,
      hint: failureHint(live.failure, `postfix on ${who}`, target, view.name, live.message),
    };
  }
  const greeting = live.value.greetingHost;
  if (hop.archiveCopy) {
    const loop = loopStep(view, hop, greeting, who, mail, name);
    if (loop) return loop;
  }
  const answer = `${who}, which answers at ${target} as ${greeting || '?'}`;
  if (!rx)
    return {
      name,
      status: 'ok',
      summary:
        `${view.name} hands ${mail} by ${hop.transport} to ${answer} (not a configured host: whether it ` +
        `accepts is not judged)`,
    };
  return acceptanceStep(view, hop, rx, { name, mail, answer });
}

async function greet(ctx: CheckContext, host: string, port: number): Promise<ProbeResult<SmtpInfo>> {
  const result = await probeSmtp(openerFor(ctx, host, port), {
    signal: ctx.signal,
    timeoutMs: Math.min(GREETING_MS, remainingMs(ctx)),
  });
  ctx.record(
    `SMTP greeting of ${host}:${port} from ${ctx.host.name} (${result.durationMs} ms)`,
    result.transcript.join('\n') || (result.ok ? '' : result.message),
  );
  return result;
}

// postfix refuses to deliver to a server that greets with the client's own myhostname ("loops back to myself").
function loopStep(view: HostView, hop: HopUse, greeting: string, who: string, mail: string, name: string): Step | null {
  const service = findService(view.services, hop.transport, 'unix');
  const own = service?.overrides.get('myhostname');
  const mine = view.pc.expand(own ?? view.pc.get('myhostname') ?? '');
  if (greeting === '' || greeting.toLowerCase() !== mine.toLowerCase()) return null;
  const line = service ? ` (master.cf line ${service.line})` : '';
  return {
    name,
    status: 'crit',
    summary:
      `${view.name}: ${mail} loops: ${hop.transport}${line} calls itself ` +
      `${mine}${own === undefined ? ` (${view.name}'s own myhostname, no -o myhostname)` : ''} and ${who} at ` +
      `${hop.host}:${hop.port} greets with the same name, so postfix refuses it ("mail loops back to myself")`,
    hint:
      `add "-o myhostname=archive.example.com" (a name ${who} does not use) under ${hop.transport} in ` +
      `master.cf on ${view.name}, then postfix reload`,
  };
}

interface Said {
  readonly name: string;
  readonly mail: string;
  readonly answer: string;
}

async function acceptanceStep(view: HostView, hop: HopUse, rx: ReceivingHost, said: Said): Promise<Step> {
  const bind = view.pc.get('smtp_bind_address');
  const client = !rx.self && bind ? bind : (rx.client ?? '');
  let decision: Acceptance;
  let ownDomains: string[];
  try {
    const [pc, master] = await Promise.all([postconf(rx.ctx), masterCf(rx.ctx)]);
    if (!pc.available || !master.found)
      return {
        name: said.name,
        status: 'unknown',
        summary:
          `${view.name}: ${said.answer}, but ${rx.name} has no readable postfix configuration, so whether ` +
          `it accepts ${said.mail} is not known`,
        hint: `see the postfix checks on ${rx.name}`,
      };
    const receiver = {
      services: master.services,
      get: pc.get,
      explicit: (n: string) => pc.params.get(n),
      expand: pc.expand,
      ownAddresses: rx.ownAddress ? [rx.ownAddress] : [],
    };
    decision = decideAcceptance(receiver, hop.host, hop.port, client);
    ownDomains = ['mydestination', 'relay_domains', 'virtual_alias_domains']
      .flatMap((p) => splitList(pc.expand(pc.get(p) ?? '')))
      .map((d) => d.toLowerCase());
  } catch (err) {
    return {
      name: said.name,
      status: 'unknown',
      summary: `${view.name}: ${said.answer}, but its configuration could not be read (${messageOf(err)})`,
      hint: `see host/ssh on ${rx.name}`,
    };
  }
  const from = `from ${client || '?'}`;
  switch (decision.verdict) {
    case 'accepted':
      return {
        name: said.name,
        status: 'ok',
        summary:
          `${view.name} hands ${said.mail} by ${hop.transport} to ${said.answer}; ` +
          `${where(decision.listener)} accepts it ${from} (${decision.reason})`,
      };
    case 'no-listener':
      return {
        name: said.name,
        status: 'crit',
        summary:
          `${view.name}: ${said.answer}, but ${rx.name}'s master.cf has no smtpd for it ` +
          `(${decision.reason}), so ${said.mail} is refused once postfix is reloaded there`,
        hint: `restore the smtpd listener for ${hop.host}:${hop.port} in master.cf on ${rx.name}, then postfix reload`,
      };
    case 'relay-only': {
      const foreign = hop.addresses.filter((a) => !ownDomains.includes(domainOf(a)));
      if (foreign.length === 0)
        return {
          name: said.name,
          status: 'ok',
          summary:
            `${view.name} hands ${said.mail} by ${hop.transport} to ${said.answer}; ` +
            `${where(decision.listener)} accepts it as mail for its own domains`,
        };
      return refused(
        view,
        hop,
        rx,
        said,
        decision,
        `${listed(foreign)} ${foreign.length === 1 ? 'is' : 'are'} not in its domains`,
      );
    }
    case 'refused':
      return refused(view, hop, rx, said, decision, '');
  }
}

function refused(
  view: HostView,
  hop: HopUse,
  rx: ReceivingHost,
  said: Said,
  decision: Extract<Acceptance, { verdict: 'refused' | 'relay-only' }>,
  more: string,
): Step {
  const client = decision.reason;
  return {
    name: said.name,
    status: 'crit',
    summary:
      `${view.name}: ${rx.name} refuses ${said.mail} at ${hop.host}:${hop.port}: ` +
      `${client}${more ? `; ${more}` : ''}, so it stays in ${view.name}'s queue`,
    hint:
      `on ${rx.name}, let ${view.name} into ${where(decision.listener)} (mynetworks, or ${decision.param} ` +
      `${decision.from}), then postfix reload`,
  };
}

function outsider(ctx: CheckContext, host: string): string {
  const { exchange, vip } = ctx.site.endpoints;
  if (exchange?.host === host) return `Exchange`;
  if (vip?.smtp === host) return `the SMTP VIP`;
  return host;
}
