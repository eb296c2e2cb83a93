// service/ajp: the OX groupware answers AJP13 CPing with CPong on 8009, as mod_proxy_ajp expects.
import { oxEndpoint, probe, serviceProbeCheck } from '../../src/checkkit/service-probe.js';
import { probeAjp } from '../../src/protocols/ajp13.js';

export const ajpCheck = serviceProbeCheck({
  id: 'service/ajp',
  title: 'OX AJP connector',
  roles: ['groupware'],
  proves: 'the Open-Xchange groupware answers AJP13 CPing with CPong on 8009 (what Apache proxies /ajax to)',
  catches: [
    'the OX groupware stopped: the AJP connector refuses the connection',
    'connector accepts but never answers CPing (OX hung, all AJP threads busy)',
    'another program owns 8009 and answers other bytes',
  ],
  misses: [
    'OX answers CPing but its requests fail: configdb, IMAP, login (service/mysql, mailbox/imap-login, OX log)',
    'slow answers: the CPong time is a metric without a threshold (open-xchange.log, GC pauses: jstat on the host)',
    "the balancer's route for this node differs from its AJP_JVM_ROUTE (cluster/ajp-routes)",
    'Apache not reaching the connector although it answers here (service/http: /ajax/ through mod_proxy_ajp)',
  ],
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
