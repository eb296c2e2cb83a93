// service/imap: every cyrus imapd listener (not imaps) answers with an IMAP "* OK" greeting.
import { cyrusListeners, probe, serviceProbeCheck } from '../../src/checkkit/service-probe.js';
import { probeImap } from '../../src/protocols/imap.js';

export const imapCheck = serviceProbeCheck({
  id: 'service/imap',
  title: 'IMAP (cyrus imapd)',
  roles: ['groupware'],
  proves: 'cyrus imapd answers an IMAP greeting on each listener of cyrus.conf (143 by default)',
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
