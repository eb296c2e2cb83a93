// What checks may require of a host (Check.requires), each with the one UNKNOWN the runner gives when missing.
import type { Requirement } from '../core/check.js';
import { unknown } from '../core/result.js';
import { masterCf } from './master-cf.js';
import { postconf } from './postconf.js';

// postconf answers and master.cf is readable: the postfix checks have something to read.
export const postfixConfigured: Requirement = {
  name: 'postfix configured',
  async missing(ctx) {
    const [pc, master] = await Promise.all([postconf(ctx), masterCf(ctx)]);
    if (pc.available && master.found) return null;
    const roles = ctx.host.roles.length > 0 ? ctx.host.roles.join(', ') : 'its roles';
    return unknown(
      `postfix configuration not found on ${ctx.host.name} (${master.path}: ${master.found ? 'read' : 'missing'}, postconf: ${pc.source})`,
      { hint: `check that postfix is installed here, or take ${roles} from this host's roles in the config` },
    );
  },
};
