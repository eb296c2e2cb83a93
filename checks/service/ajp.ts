// service/ajp: the OX groupware answers AJP13 CPing with CPong on 8009, as mod_proxy_ajp expects.
import type { Check } from '../../src/core/check.js';
import { fromSteps } from '../../src/core/result.js';
import { probeAjp } from '../../src/protocols/ajp13.js';
import { oxEndpoints } from '../../src/facts/ox-endpoints.js';
import { openerFor, probeStep, remainingMs } from '../../src/checkkit/probe.js';


export const ajpCheck: Check = {
  id: 'service/ajp',
  title: 'OX AJP connector',
  roles: ['groupware'],
  proves: 'the Open-Xchange groupware answers AJP13 CPing with CPong on 8009 (what Apache proxies /ajax to)',
  timeoutMs: 10_000,
  async run(ctx) {
    const ajp = (await oxEndpoints(ctx)).ajp;
    const target = `${ajp.host}:${ajp.port}`;
    const result = await probeAjp(openerFor(ctx, ajp.host, ajp.port), { signal: ctx.signal, timeoutMs: remainingMs(ctx) });
    const step = probeStep(ctx, {
      name: target,
      what: 'OX AJP connector',
      service: 'open-xchange-groupware',
      target,
      ok: (v) => ({ status: 'ok', summary: `OX at ${target} answers CPing with CPong in ${v.cpongMs} ms` }),
    }, result);
    return fromSteps([step], result.ok ? { metrics: [{ label: 'cpong', value: result.value.cpongMs, unit: 'ms', min: 0 }] } : {});
  },
};
