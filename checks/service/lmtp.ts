// service/lmtp: cyrus lmtpd answers LHLO where postfix delivers (the seed: unix:/var/lib/imap/socket/lmtp).
import type { Check } from '../../src/core/check.js';
import { listenersOutcome } from '../../src/checkkit/listeners-outcome.js';
import { cyrusOpener, cyrusTargets, missingFromConf } from '../../src/checkkit/cyrus-targets.js';
import { smtpStep } from '../../src/checkkit/smtp-step.js';
import { unprobeable } from '../../src/checkkit/unprobeable.js';

export const LMTP_SOCKET = '/var/lib/imap/socket/lmtp';

export const lmtpCheck: Check = {
  id: 'service/lmtp',
  title: 'LMTP (cyrus lmtpd)',
  roles: ['groupware'],
  proves: 'cyrus lmtpd answers LHLO on each lmtp listener of cyrus.conf, the socket postfix delivers to',
  timeoutMs: 15_000,
  async run(ctx) {
    const { targets } = await cyrusTargets(ctx, (argv) => argv[0] === 'lmtpd', { kind: 'unix', path: LMTP_SOCKET });
    if (targets.length === 0) return missingFromConf('lmtpd', 'lmtpunix on /var/lib/imap/socket/lmtp', 'postfix cannot deliver to mailboxes and defers local mail');
    const steps = await Promise.all(
      targets.map(async (t) => {
        const open = cyrusOpener(ctx, t.listen, 'LHLO oxdoctor.invalid\r\nQUIT\r\n');
        if (!open) return unprobeable(t.label);
        return smtpStep(ctx, { name: t.label, what: 'lmtpd', service: 'cyrus lmtpd', target: t.target, open, lmtp: true });
      }),
    );
    return listenersOutcome('lmtp listeners', steps);
  },
};
