// service/lmtp: cyrus lmtpd answers LHLO where postfix delivers (the seed: unix:/var/lib/imap/socket/lmtp).
import { cyrusListeners, serviceProbeCheck } from '../../../src/checkkit/service-probe.js';
import { smtpStep } from '../../../src/checkkit/smtp-step.js';
import { withPostfixAccess } from './postfix-access.js';

export const LMTP_SOCKET = '/var/lib/imap/socket/lmtp';

const lmtpProbe = serviceProbeCheck({
  id: 'service/lmtp',
  title: 'LMTP (cyrus lmtpd)',
  roles: ['groupware'],
  proves: 'cyrus lmtpd answers LHLO on each lmtp listener of cyrus.conf, the socket postfix delivers to',
  catches: [
    'lmtpd not listening (cyrus stopped): connection refused, naming the listener',
    "the lmtp socket cyrus.conf names is gone: the probe's connection is refused",
    'the listener answers but not as LMTP (another service on the port)',
    'lmtpd accepts the connection but never answers LHLO (hung)',
    'cyrus.conf has no lmtpd service in SERVICES',
    "postfix may not search the socket's directory, though root's probe connects",
    'the socket postfix delivers to does not exist (mailbox_transport and cyrus.conf disagree)',
    'the path postfix delivers to is not a socket (a file left where cyrus should listen)',
    'mail_owner is a user the host does not have',
    'a chrooted lmtp client finds no socket under queue_directory',
  ],
  misses: [
    'deliveries refused after LHLO: no mailbox, over quota, no "p" for anyone (mailbox/sent-acl*)',
    'lmtpd dying with SIG11 autocreating sieve scripts on RHEL5 (maillog; cron/ox-jobs)',
    'mail already deferred by lmtp: the queue and its reasons are not read (queue/depth; mailq)',
    'delivery over lmtp:inet: only unix sockets get the postfix view (postconf mailbox_transport)',
    'permissions from mode bits only (ACLs not evaluated, SELinux not seen; ausearch -m avc)',
    'a full disk or damaged cyrus databases: lmtpd still greets (host/disk; maillog lmtp lines)',
  ],
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
