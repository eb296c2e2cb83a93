// service/lmtp: cyrus lmtpd answers LHLO where postfix delivers (the seed: unix:/var/lib/imap/socket/lmtp).
import { cyrusListeners, serviceProbeCheck } from '../../src/checkkit/service-probe.js';
import { smtpStep } from '../../src/checkkit/smtp-step.js';
import { withPostfixAccess } from './lmtp-access.js';

export const LMTP_SOCKET = '/var/lib/imap/socket/lmtp';

const lmtpProbe = serviceProbeCheck({
  id: 'service/lmtp',
  title: 'LMTP (cyrus lmtpd)',
  roles: ['groupware'],
  proves: 'cyrus lmtpd answers LHLO on each lmtp listener of cyrus.conf, the socket postfix delivers to',
  timeoutMs: 15_000,
  endpoints: cyrusListeners({
    daemon: 'lmtpd',
    matches: (argv) => argv[0] === 'lmtpd',
    fallback: { kind: 'unix', path: LMTP_SOCKET },
    expected: 'lmtpunix on /var/lib/imap/socket/lmtp',
    consequence: 'postfix cannot deliver to mailboxes and defers local mail',
    script: 'LHLO oxdoctor.invalid\r\nQUIT\r\n',
  }),
  // The LMTP dialogue is SMTP's (LHLO for EHLO): the smtpd probe's step, in LMTP mode.
  probes: [
    {
      step: (ctx, t, open) =>
        smtpStep(ctx, { name: t.label, what: 'lmtpd', service: 'cyrus lmtpd', target: t.target, open, lmtp: true }),
    },
  ],
  combine: { kind: 'listeners', noun: 'lmtp listeners' },
});

// Probed as root, then postfix's own access to the socket it delivers to (a chmod can split the two).
export const lmtpCheck = withPostfixAccess(lmtpProbe);
