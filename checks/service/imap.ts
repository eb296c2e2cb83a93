// service/imap: every cyrus imapd listener (not imaps) answers with an IMAP "* OK" greeting.
import type { Check } from '../../src/core/check.js';
import { probeImap } from '../../src/protocols/imap.js';
import { listenersOutcome } from '../../src/checkkit/listeners-outcome.js';
import { probeStep, remainingMs } from '../../src/checkkit/probe.js';
import { cyrusOpener, cyrusTargets, missingFromConf } from '../../src/checkkit/cyrus-targets.js';
import { unprobeable } from '../../src/checkkit/unprobeable.js';

export const imapCheck: Check = {
  id: 'service/imap',
  title: 'IMAP (cyrus imapd)',
  roles: ['groupware'],
  proves: 'cyrus imapd answers an IMAP greeting on each listener of cyrus.conf (143 by default)',
  timeoutMs: 15_000,
  async run(ctx) {
    const { targets } = await cyrusTargets(ctx, (argv) => argv[0] === 'imapd' && !argv.includes('-s'), { kind: 'inet', port: 143 });
    if (targets.length === 0) return missingFromConf('imapd', 'imap on port 143', 'no IMAP logins: OX webmail and mail clients fail');
    const steps = await Promise.all(
      targets.map(async (t) => {
        const open = cyrusOpener(ctx, t.listen, 'A1 LOGOUT\r\n');
        if (!open) return unprobeable(t.label);
        const result = await probeImap(open, { signal: ctx.signal, timeoutMs: remainingMs(ctx) });
        return probeStep(ctx, {
          name: t.label,
          what: 'imapd',
          service: 'cyrus-imapd',
          target: t.target,
          ok: (v) => ({ status: 'ok', summary: `imapd at ${t.target} greets: ${v.greeting.replace(/\[CAPABILITY [^\]]*\]\s*/i, '').slice(0, 120)}` }),
        }, result);
      }),
    );
    return listenersOutcome('imapd listeners', steps);
  },
};
