// service/sieve: timsieved answers ManageSieve (the seed's OX uses port 2000).
import { cyrusListeners, probe, serviceProbeCheck } from '../../src/checkkit/service-probe.js';
import { probeSieve } from '../../src/protocols/sieve.js';

export const sieveCheck = serviceProbeCheck({
  id: 'service/sieve',
  title: 'ManageSieve (timsieved)',
  roles: ['groupware'],
  proves: 'timsieved answers with its capabilities and OK on each sieve listener (2000 in the seed)',
  catches: [
    'timsieved not listening where cyrus.conf says (cyrus master down): connection refused',
    'listener accepts but never sends its capabilities (maxchild reached or timsieved hung)',
    'another program than timsieved answers on the listener',
    'cyrus.conf has no timsieved service in SERVICES (the lab fault sieve-down)',
  ],
  misses: [
    'logins to timsieved failing, or no active script for the user (mailbox/sieve-script)',
    'OX pointed at another sieve host or port than cyrus.conf serves (not compared; OX mailfilter.properties)',
    'a sieve script that does not compile or does the wrong thing (not read; sieveshell on the host)',
    'sievedir partition full or not writable: saving rules fails (host/disk; ls -ld the sievedir)',
  ],
  timeoutMs: 15_000,
  endpoints: cyrusListeners({
    daemon: 'timsieved',
    matches: (argv) => argv[0] === 'timsieved',
    fallback: { kind: 'inet', port: 2000 },
    expected: 'sieve on port 2000 as in the deployment',
    consequence: 'OX mail filter rules cannot be read or saved',
    script: 'LOGOUT\r\n',
  }),
  probes: [
    probe({
      run: probeSieve,
      what: 'timsieved',
      service: 'cyrus timsieved',
      ok: (v, t) => ({
        status: 'ok',
        summary: `timsieved at ${t.target} answers (${v.implementation || 'no IMPLEMENTATION'}; SASL ${v.capabilities.SASL || 'none'})`,
      }),
    }),
  ],
  combine: { kind: 'listeners', noun: 'sieve listeners' },
});
