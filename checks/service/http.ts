// service/http: Apache serves its front page, and /ajax reaches OX through mod_proxy_ajp (no 5xx).
import type { Step } from '../../src/core/result.js';
import { oxEndpoint, probe, serviceProbeCheck, type Probe } from '../../src/checkkit/service-probe.js';
import { probeHttp, type HttpInfo } from '../../src/protocols/http.js';

// GET path on Apache, judged by what its status means for that path.
function get(
  path: string,
  judge: (line: string, v: HttpInfo) => Pick<Step, 'status' | 'summary' | 'hint'>,
): Probe<never> {
  return probe<HttpInfo>({
    run: (open, options, ctx) => probeHttp(open, { ...options, path, hostHeader: ctx.host.name }),
    what: `Apache GET ${path}`,
    service: 'httpd (apache2)',
    name: () => `GET ${path}`,
    ok: (v, t) => judge(`Apache at ${t.target} answers GET ${path} with ${v.status} ${v.statusText}`, v),
  });
}

export const httpCheck = serviceProbeCheck({
  id: 'service/http',
  title: 'Apache front page and /ajax',
  roles: ['groupware'],
  proves: 'Apache answers its front page, and /ajax is proxied to a live OX backend (not 502/503)',
  catches: [
    'httpd stopped: connection refused',
    'httpd accepts but never answers (all workers busy, MaxClients reached)',
    'front page answers 5xx',
    'front page answers 4xx (DocumentRoot or access rules)',
    'the AJP backend of /ajax down: Apache answers 503',
  ],
  misses: [
    'HTTPS on 443 and its certificate (plain HTTP is probed; openssl s_client -connect host:443)',
    'OX errors inside answers below 500, e.g. a login that fails (only 5xx counts; the OX log)',
    "the web UI's static files missing (only / and /ajax/ are fetched; curl the UI path)",
    'sessions moved between nodes by a wrong balancer route (cluster/ajp-routes)',
    'slow answers (no time threshold; the durations are in the evidence)',
  ],
  timeoutMs: 15_000,
  endpoints: oxEndpoint('http'),
  probes: [
    get('/', (line, v) => {
      if (v.status >= 500)
        return { status: 'crit', summary: `${line} (expected 2xx or 3xx)`, hint: 'read the Apache error log' };
      if (v.status >= 400) {
        return {
          status: 'warn',
          summary: `${line} (expected 2xx or 3xx)`,
          hint: 'check DocumentRoot and access rules',
        };
      }
      return { status: 'ok', summary: line };
    }),
    get('/ajax/', (line, v) => {
      if (v.status >= 500) {
        return {
          status: 'crit',
          summary: `${line}: the OX backend behind mod_proxy_ajp is not answering (expected any status below 500)`,
          hint: 'check service/ajp on this host and the balancer members in proxy_ajp.conf; the Apache error log names the failing route',
        };
      }
      return { status: 'ok', summary: `${line} (below 500: no proxy or backend failure)` };
    }),
  ],
  combine: { kind: 'listeners', noun: 'HTTP paths' },
});
