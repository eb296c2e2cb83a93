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
