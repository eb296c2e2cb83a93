// One hand-off judged on its receiving host: a listener for its address:port, and restrictions that let the
// sender's address in.
import type { Step } from '../../../src/core/result.js';
import { masterCf } from '../../../src/facts/master-cf.js';
import { postconf } from '../../../src/facts/postconf.js';
import { decideAcceptance, where, type Acceptance } from '../../../src/postfix/handoff-accept.js';
import type { InetListener } from '../../../src/postfix/master-cf.js';
import { describeHandoff, type Handoff } from '../../../src/postfix/handoffs.js';
import { messageOf } from '../../../src/core/errors.js';
import { consequence } from './consequence.js';
import type { ReceivingHost } from '../../../src/checkkit/receiving-host.js';

export async function handoffStep(h: Handoff, sender: string, rx: ReceivingHost): Promise<Step | null> {
  const name = `${h.host}:${h.port}`;
  const at = (l: InetListener): string => `${rx.name}'s ${rx.self ? 'own ' : ''}${where(l)} at ${h.host}:${h.port}`;
  let decision: Acceptance;
  try {
    const [pc, master] = await Promise.all([postconf(rx.ctx), masterCf(rx.ctx)]);
    if (!pc.available || !master.found) {
      return {
        name,
        status: 'unknown',
        summary: `${describeHandoff(h)}: ${rx.name} has no readable postfix configuration, so whether it accepts is not known`,
        hint: `see postfix checks on ${rx.name}`,
      };
    }
    const receiver = {
      services: master.services,
      get: pc.get,
      explicit: (n: string) => pc.params.get(n),
      expand: pc.expand,
      ownAddresses: rx.ownAddress ? [rx.ownAddress] : [],
    };
    decision = decideAcceptance(receiver, h.host, h.port, rx.client ?? '');
  } catch (err) {
    return {
      name,
      status: 'unknown',
      summary: `${describeHandoff(h)}: ${rx.name}'s configuration could not be read (${messageOf(err)})`,
      hint: `see host/ssh on ${rx.name}`,
    };
  }
  // The content_filter to amavis on this host's own loopback is no postfix listener (service/amavis probes it).
  if (decision.verdict === 'no-listener' && rx.self && h.kind === 'content_filter') return null;
  const from = `from ${rx.client ?? '?'} (${rx.clientSource})`;
  const cost = consequence(h, sender);
  switch (decision.verdict) {
    case 'accepted':
      return {
        name,
        status: 'ok',
        summary: `${describeHandoff(h)}: accepted by ${at(decision.listener)}, ${decision.reason} (${from})`,
      };
    case 'no-listener':
      return {
        name,
        status: 'crit',
        summary: `${describeHandoff(h)} is refused: ${decision.reason} on ${rx.name}, so ${cost}`,
        hint: `on ${rx.name}, restore an smtpd listener for ${h.host}:${h.port} in master.cf (e.g. "${h.port === 25 ? 'smtp' : `:${h.port}`} inet n - n - - smtpd"), then postfix reload; or point ${h.origin} at a port ${rx.name} listens on`,
      };
    case 'refused':
    case 'relay-only': {
      const l = decision.listener;
      const networks = l.overrides.has('mynetworks')
        ? `its -o mynetworks= (master.cf line ${l.service.line})`
        : `mynetworks in ${rx.name}'s main.cf`;
      const list = decision.from === 'main.cf' ? `${decision.param} in main.cf` : `its -o ${decision.param}=`;
      const fix = `on ${rx.name}, let ${rx.client} into ${where(l)}: add ${rx.client}/32 to ${networks}, or permit it in ${list}`;
      return {
        name,
        status: decision.verdict === 'refused' ? 'crit' : 'warn',
        summary: `${describeHandoff(h)} is ${decision.verdict === 'refused' ? 'refused' : 'accepted only for local domains'} by ${at(l)}: ${decision.reason} (${from}), so ${cost}`,
        hint: `${fix}, then postfix reload on ${rx.name}`,
      };
    }
  }
}
