// service/sieve: timsieved answers ManageSieve (the seed's OX uses port 2000).
import { cyrusListeners, probe, serviceProbeCheck } from '../../src/checkkit/service-probe.js';
import { probeSieve } from '../../src/protocols/sieve.js';

export const sieveCheck = serviceProbeCheck({
  id: 'service/sieve',
  title: 'ManageSieve (timsieved)',
  roles: ['groupware'],
  proves: 'timsieved answers with its capabilities and OK on each sieve listener (2000 in the seed)',
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
