// service/http: Apache serves its front page, and /ajax reaches OX through mod_proxy_ajp (no 5xx).
import type { Check } from '../../src/core/check.js';
import type { Step } from '../../src/core/result.js';
import { probeHttp, type HttpInfo } from '../../src/protocols/http.js';
import { listenersOutcome } from '../../src/checkkit/listeners-outcome.js';
import { oxEndpoints } from '../../src/facts/ox-endpoints.js';
import { openerFor, probeStep, remainingMs } from '../../src/checkkit/probe.js';


export const httpCheck: Check = {
  id: 'service/http',
  title: 'Apache front page and /ajax',
  roles: ['groupware'],
  proves: 'Apache answers its front page, and /ajax is proxied to a live OX backend (not 502/503)',
  timeoutMs: 15_000,
  async run(ctx) {
    const web = (await oxEndpoints(ctx)).http;
    const target = `${web.host}:${web.port}`;
    const get = async (path: string, judge: (v: HttpInfo) => Pick<Step, 'status' | 'summary' | 'hint'>) => {
      const result = await probeHttp(openerFor(ctx, web.host, web.port), {
        path,
        hostHeader: ctx.host.name,
        signal: ctx.signal,
        timeoutMs: remainingMs(ctx),
      });
      return probeStep(ctx, { name: `GET ${path}`, what: `Apache GET ${path}`, service: 'httpd (apache2)', target, ok: judge }, result);
    };
    const steps = await Promise.all([
      get('/', (v) => {
        const line = `Apache at ${target} answers GET / with ${v.status} ${v.statusText}`;
        if (v.status >= 500) return { status: 'crit', summary: `${line} (expected 2xx or 3xx)`, hint: 'read the Apache error log' };
        if (v.status >= 400) return { status: 'warn', summary: `${line} (expected 2xx or 3xx)`, hint: 'check DocumentRoot and access rules' };
        return { status: 'ok', summary: line };
      }),
      get('/ajax/', (v) => {
        const line = `Apache at ${target} answers GET /ajax/ with ${v.status} ${v.statusText}`;
        if (v.status >= 500) {
          return {
            status: 'crit',
            summary: `${line}: the OX backend behind mod_proxy_ajp is not answering (expected any status below 500)`,
            hint: 'check service/ajp on this host and the balancer members in proxy_ajp.conf; the Apache error log names the failing route',
          };
        }
        return { status: 'ok', summary: `${line} (below 500: no proxy or backend failure)` };
      }),
    ]);
    return listenersOutcome('HTTP paths', steps);
  },
};
