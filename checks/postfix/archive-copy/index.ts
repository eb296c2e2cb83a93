// postfix/archive-copy: every incoming mail is copied to server B (relay) and B files the copies correctly (archive).
import type { Check } from '../../../src/core/check.js';
import { fromSteps, type Step } from '../../../src/core/result.js';
import { masterCf } from '../../../src/facts/master-cf.js';
import { postconf } from '../../../src/facts/postconf.js';
import { copyfixStep, sentCopyListenerStep } from './archive.js';
import { relayCopyStep } from './relay.js';
import { postfixConfigured } from '../../../src/facts/requirements.js';

export const archiveCopyCheck: Check = {
  id: 'postfix/archive-copy',
  title: 'archive copy to server B',
  roles: ['relay', 'archive'],
  proves:
    'relay: recipient_bcc_maps rewrites to the archive domain, transport_maps sends it via smtpcopy, whose myhostname differs from the name server B greets with; archive: copyfix is the first virtual_alias_map and the 10026 listener uses a cleanup with adcopyfix',
  catches: [
    'the relay has no recipient_bcc_maps: server B receives no archive copy',
    'recipient_bcc_maps cannot be read: postfix defers incoming mail',
    'recipient_bcc_maps has no rule for the test user: its mail gets no archive copy',
    'recipient_bcc_maps copies to a non-archive domain: the copy goes where the original goes',
    'transport_maps cannot be read: postfix defers mail',
    'the archive domain has no transport_maps entry: copies follow relayhost instead of server B',
    "the archive domain's transport is not defined in master.cf: copies defer",
    "smtpcopy greets server B with B's own name: postfix refuses the copies as a loop",
    'smtpcopy has no -o myhostname of its own while server B cannot be asked',
    "copyfix is not the first virtual_alias_maps entry on server B: another map's answer wins",
    'no copyfix map on server B: archive copies never reach the archive mailboxes',
    'no smtpd on 10026 on server B: sent-mail copies defer',
    '10026 uses the normal cleanup: sent-mail copies land in INBOX, not Sent Items',
    "10026's cleanup service is not defined in master.cf: sent-mail copies defer",
    'copycleanup has no adcopyfix LDAP map: sent-mail copies land in INBOX',
  ],
  misses: [
    'wrong entries in copyfix or adcopyfix (position judged, contents not; postmap -q ADDRESS TABLE)',
    'server B down or refusing the relay on 10025 (postfix/handoffs, service/smtp on serverb)',
    "copies deferred in the relay's or server A's queue (queue/depth; mailq)",
    'adcopyfix LDAP lookups failing at AD (routing/ldap-maps)',
    'Sent Items refusing the copy for lack of "anyone p" (mailbox/sent-acl, mailbox/sent-acl-sweep)',
  ],
  timeoutMs: 15_000,
  requires: [postfixConfigured],
  async run(ctx) {
    const [pc, master] = await Promise.all([postconf(ctx), masterCf(ctx)]);
    const steps: Step[] = [];
    if (ctx.host.roles.includes('relay')) steps.push(await relayCopyStep(ctx, pc, master));
    if (ctx.host.roles.includes('archive')) steps.push(copyfixStep(pc), sentCopyListenerStep(master));
    const healthy = steps.every((s) => s.status === 'ok');
    return fromSteps(steps, healthy ? { summary: steps.map((s) => s.summary).join('; ') } : {});
  },
};
