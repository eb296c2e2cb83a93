// postfix/relay-filter: the relay's port 25 hands every mail to amavis, and amavis hands it back on 10025, as in the seed.
import type { Check } from '../../src/core/check.js';
import { fromSteps, unknown } from '../../src/core/result.js';
import { masterCf } from '../../src/facts/master-cf.js';
import { postconf } from '../../src/facts/postconf.js';
import { inetListeners } from '../../src/postfix/master-cf.js';
import { intakeStep } from './relay-filter-intake.js';
import { reinjectionStep } from './relay-filter-reinjection.js';

export const relayFilterCheck: Check = {
  id: 'postfix/relay-filter',
  title: 'amavis content filter',
  roles: ['relay'],
  proves: 'port 25 hands mail to amavis (content_filter, no_address_mappings) and the 10025 re-injection listener takes it back unfiltered with the seed\'s -o set',
  timeoutMs: 10_000,
  async run(ctx) {
    const [pc, master] = await Promise.all([postconf(ctx), masterCf(ctx)]);
    if (!pc.available || !master.found) {
      return unknown(`postfix configuration not found on ${ctx.host.name} (${master.path}: ${master.found ? 'read' : 'missing'}, postconf: ${pc.source})`, {
        hint: 'check that postfix is installed here, or remove the relay role from this host in the config',
      });
    }
    const listeners = inetListeners(master.services);
    const intake = intakeStep(master.services, listeners, pc);
    const reinjection = reinjectionStep(listeners, pc, intake.filterPort);
    const steps = [intake.step, reinjection];
    const healthy = steps.every((s) => s.status === 'ok');
    return fromSteps(steps, healthy ? { summary: `${intake.step.summary}; ${reinjection.summary}` } : {});
  },
};
