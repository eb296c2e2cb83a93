// service/sieve: timsieved answers ManageSieve (the seed's OX uses port 2000).
import type { Check } from '../../src/core/check.js';
import { probeSieve } from '../../src/protocols/sieve.js';
import { listenersOutcome } from '../../src/checkkit/listeners-outcome.js';
import { probeStep, remainingMs } from '../../src/checkkit/probe.js';
import { cyrusOpener, cyrusTargets, missingFromConf } from '../../src/checkkit/cyrus-targets.js';
import { unprobeable } from '../../src/checkkit/unprobeable.js';

export const sieveCheck: Check = {
  id: 'service/sieve',
  title: 'ManageSieve (timsieved)',
  roles: ['groupware'],
  proves: 'timsieved answers with its capabilities and OK on each sieve listener (2000 in the seed)',
  timeoutMs: 15_000,
  async run(ctx) {
    const { targets } = await cyrusTargets(ctx, (argv) => argv[0] === 'timsieved', { kind: 'inet', port: 2000 });
    if (targets.length === 0) return missingFromConf('timsieved', 'sieve on port 2000 as in the deployment', 'OX mail filter rules cannot be read or saved');
    const steps = await Promise.all(
      targets.map(async (t) => {
        const open = cyrusOpener(ctx, t.listen, 'LOGOUT\r\n');
        if (!open) return unprobeable(t.label);
        const result = await probeSieve(open, { signal: ctx.signal, timeoutMs: remainingMs(ctx) });
        return probeStep(ctx, {
          name: t.label,
          what: 'timsieved',
          service: 'cyrus timsieved',
          target: t.target,
          ok: (v) => ({
            status: 'ok',
            summary: `timsieved at ${t.target} answers (${v.implementation || 'no IMPLEMENTATION'}; SASL ${v.capabilities.SASL || 'none'})`,
          }),
        }, result);
      }),
    );
    return listenersOutcome('sieve listeners', steps);
  },
};
