// service/imap: every cyrus imapd listener (not imaps) answers with an IMAP "* OK" greeting.
import { cyrusListeners, probe, serviceProbeCheck } from '../../src/checkkit/service-probe.js';
import { probeImap } from '../../src/protocols/imap.js';

export const imapCheck = serviceProbeCheck({
  id: 'service/imap',
  title: 'IMAP (cyrus imapd)',
  roles: ['groupware'],
  proves: 'cyrus imapd answers an IMAP greeting on each listener of cyrus.conf (143 by default)',
  catches: [
    'imapd not listening where cyrus.conf says (cyrus master down): connection refused',
    'listener accepts but never greets (maxchild reached or imapd hung)',
    'imapd refuses the session with a "* BYE" greeting',
    'another program than imapd answers on the listener',
    'cyrus.conf has no imapd service in SERVICES',
  ],
  misses: [
    'logins failing behind a good greeting: saslauthd, Kerberos, password (mailbox/imap-login)',
    'imaps (993) and its TLS certificate (imaps listeners are skipped; openssl s_client -connect host:993)',
    'the shutdown file <configdirectory>/msg/shutdown: the greeting stays OK, logged-in users get BYE (ls it)',
    'mailbox database or spool damage behind a good greeting (mailbox/folders; cyrus reconstruct on the host)',
    'spool or configdirectory partition full (host/disk)',
  ],
  timeoutMs: 15_000,
  endpoints: cyrusListeners({
    daemon: 'imapd',
    matches: (argv) => argv[0] === 'imapd' && !argv.includes('-s'),
    fallback: { kind: 'inet', port: 143 },
    expected: 'imap on port 143',
    consequence: 'no IMAP logins: OX webmail and mail clients fail',
    script: 'A1 LOGOUT\r\n',
  }),
  probes: [
    probe({
      run: probeImap,
      what: 'imapd',
      service: 'cyrus-imapd',
      ok: (v, t) => ({
        status: 'ok',
        summary: `imapd at ${t.target} greets: ${v.greeting.replace(/\[CAPABILITY [^\]]*\]\s*/i, '').slice(0, 120)}`,
      }),
    }),
  ],
  combine: { kind: 'listeners', noun: 'imapd listeners' },
});
