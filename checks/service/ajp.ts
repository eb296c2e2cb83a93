// service/ajp: the OX groupware answers AJP13 CPing with CPong on 8009, as mod_proxy_ajp expects.
import { oxEndpoint, probe, serviceProbeCheck } from '../../src/checkkit/service-probe.js';
import { probeAjp } from '../../src/protocols/ajp13.js';

export const ajpCheck = serviceProbeCheck({
  id: 'service/ajp',
  title: 'OX AJP connector',
  roles: ['groupware'],
  proves: 'the Open-Xchange groupware answers AJP13 CPing with CPong on 8009 (what Apache proxies /ajax to)',
  timeoutMs: 10_000,
  endpoints: oxEndpoint('ajp'),
  probes: [
    probe({
      run: probeAjp,
      what: 'OX AJP connector',
      service: 'open-xchange-groupware',
      ok: (v, t) => ({ status: 'ok', summary: `OX at ${t.target} answers CPing with CPong in ${v.cpongMs} ms` }),
      metric: (v) => ({ label: 'cpong', value: v.cpongMs, unit: 'ms', min: 0 }),
    }),
  ],
  combine: { kind: 'single' },
});
