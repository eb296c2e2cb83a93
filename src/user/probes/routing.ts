// user/routing: on every host that runs postfix, what postfix does with mail for each of the user's addresses
// (and mail it sends), map by map, cross-checked with postmap -q there; and each hand-off to the next host
// checked at the receiving end. One step per address and per hand-off; the summary is the host's one sentence.
import type { Check, CheckContext } from '../../core/check.js';
import { fromSteps, type Metric, type Step } from '../../core/result.js';
import { onVipHolder } from '../../cluster/standby.js';
import { postfixConfigured } from '../../facts/requirements.js';
import type { UserTarget } from '../target.js';
import { routedAddresses, shown, unroutable } from '../routing/addresses.js';
import { archiveInputs } from '../routing/archive-inputs.js';
import { inboundCopyStep, sentCopyStep } from '../routing/archive.js';
import { postmapCrossCheck } from '../routing/cross-check.js';
import { handoffStep } from '../routing/handoff.js';
import { collectHops, departuresOf } from '../routing/hops.js';
import { loadHostView, preloadLdap, type HostView } from '../routing/host-view.js';
import { recipientPath } from '../routing/recipient.js';
import { recipientStep } from '../routing/recipient-step.js';
import { appliesSenderBcc, senderCopies } from '../routing/sender.js';
import { senderStep } from '../routing/sender-step.js';
import { summarise } from '../routing/summary.js';
import { archiveHostAt, nameAt } from '../routing/site-names.js';
import { kindNote, reachingOx } from '../routing/notes.js';

export function routingProbe(target: UserTarget): Check {
  return {
    id: 'user/routing',
    title: `mail routing of ${target.login}`,
    roles: ['relay', 'groupware', 'archive'],
    proves:
      "for every address of the user, what each postfix host's maps answer and what postfix does with the mail " +
      '(relay -> server A or Exchange with the archive BCC to server B; on A local delivery and the sender BCC to ' +
      "B's Sent Items; on B copyfix and copycleanup to <login>+Sent Items), cross-checked with postmap -q; " +
      'each hand-off answers and accepts at the receiving end',
    catches: [
      "a forwarding contact whose mailNickname names no account: the receiver refuses the user's mail (User unknown)",
      'an address no map resolves to a known local recipient (User unknown in local recipient table)',
      'a map lookup that fails (LDAP bind, missing file): the mail is deferred',
      'the relay gives no archive BCC for an address, or has no recipient_bcc_maps',
      "the sender domain of one of the user's addresses missing from archive_sentmail: no copy in Sent Items",
      'copyfix not the first virtual alias map on server B',
      "server B's sent-copy listener missing or filing copies elsewhere than <login>+Sent Items",
      "the archive copy transport greeting server B with B's own name (mail loops back to myself)",
      'the next hop (server A, server B, Exchange) not answering on its port: mail stays deferred',
      "the receiver's master.cf or restrictions refusing the sending host",
      "postmap -q on the host disagreeing with oxdoctor's evaluation",
    ],
    misses: [
      'LMTP delivery into cyrus (the mailbox, its ACL and quota: user/mailbox, service/lmtp)',
      'what Exchange does with mail relayed to it (not a configured host; only its greeting is checked)',
      'the same-myhostname loop on hand-offs other than the archive copy (the seed names it for smtpcopy only)',
      'mail already waiting in a queue (user/queue, queue/depth)',
      'amavis and clamd on the relay (service/amavis, service/clamd)',
    ],
    timeoutMs: 45_000,
    requires: [onVipHolder({ checks: 'user/routing', service: 'postfix' }), postfixConfigured],
    async run(ctx) {
      const view = await loadHostView(ctx);
      if (!view) return fromSteps([], { summary: `${ctx.host.name} has no postfix configuration` });
      try {
        await preloadLdap(view);
        return await evaluate(ctx, view, target);
      } finally {
        await view.lookups.close();
      }
    },
  };
}

async function evaluate(ctx: CheckContext, view: HostView, target: UserTarget) {
  const isRelay = ctx.host.roles.includes('relay');
  const isArchive = ctx.host.roles.includes('archive');
  const all = routedAddresses(target);
  const refused: Step[] = [];
  const addresses = all.filter(({ address }) => {
    const why = unroutable(address);
    if (why)
      refused.push({
        name: shown(address),
        status: 'unknown',
        summary: `${view.name}: ${shown(address)} is not looked up: ${why}`,
        hint: 'give a plain mail address or a login',
      });
    return why === null;
  });
  const recipients = addresses.map((a) => a.address);
  const senders =
    target.entry.oxClass === 'not-ox-user' ? [] : addresses.filter((a) => a.origin === 'user').map((a) => a.address);
  const sending = !isArchive && appliesSenderBcc(view);
  const [paths, sent, archive] = await Promise.all([
    Promise.all(recipients.map((a) => recipientPath(view, a))),
    sending ? Promise.all(senders.map((a) => senderCopies(view, a))) : Promise.resolve([]),
    isArchive ? archiveInputs(ctx, reachingOx(target, recipients), senders) : Promise.resolve(null),
  ]);
  const archiveAt = archiveHostAt(ctx.site);
  const rc = {
    host: view.name,
    login: target.login,
    contacts: target.forwardingContacts,
    rejectCode: view.pc.get('unknown_local_recipient_reject_code') ?? '550',
    isRelay,
    directoryMaps: view.config.virtualAliasMaps.length > 0,
    archiveAt,
  };
  const addressSteps = paths.map((p) => recipientStep(p, rc));
  const senderSteps = sending
    ? senders.map((a, i) => senderStep(view.name, a, sent[i]!, view.config.localDomains, archiveAt))
    : [];
  const archiveSteps = archive
    ? await Promise.all([
        ...archive.inbound.map((c) => inboundCopyStep(view, c, target.login)),
        ...archive.sent.map((c) => sentCopyStep(view, c, target.login)),
      ])
    : [];
  const hops = collectHops(departuresOf(paths, sent));
  const handoffSteps = await Promise.all(hops.map((h) => handoffStep(view, h)));
  const cross = await postmapCrossCheck(view);
  const steps = [
    ...refused,
    ...addressSteps,
    ...senderSteps,
    ...archiveSteps,
    ...handoffSteps,
    ...(cross.step ? [cross.step] : []),
  ];
  const metrics: Metric[] = [
    { label: 'addresses', value: recipients.length, min: 0 },
    { label: 'handoffs', value: hops.length, min: 0 },
    { label: 'postmap_disagreements', value: cross.disagreements, warn: '0', min: 0 },
  ];
  const note = kindNote(target, isRelay);
  const summary = summarise({
    host: view.name,
    login: target.login,
    steps,
    paths,
    hops,
    archive,
    senderSteps,
    nameOf: nameAt(ctx.site),
    ...(note ? { note } : {}),
  });
  return fromSteps(steps, { metrics, ...(summary ? { summary } : { summary: worstFirst(steps, view.name) }) });
}

// The first of the worst steps' sentence, with how many other steps are not OK on this host.
function worstFirst(steps: readonly Step[], host: string): string {
  const outcome = fromSteps(steps);
  const others = steps.filter((s) => s.status !== 'ok').length - 1;
  return others > 0 ? `${outcome.summary} (and ${others} more on ${host}: see its steps)` : outcome.summary;
}
