// service/mysql: the OX configdb (MySQL on 3313 in the seed) sends its handshake to this host.
import { oxEndpoint, probe, serviceProbeCheck } from '../../src/checkkit/service-probe.js';
import { probeMysql } from '../../src/protocols/mysql.js';

export const mysqlCheck = serviceProbeCheck({
  id: 'service/mysql',
  title: 'OX configdb (MySQL)',
  roles: ['groupware'],
  proves: 'the configdb MySQL on 3313 accepts connections from this host and sends a protocol 10 handshake',
  timeoutMs: 10_000,
  endpoints: oxEndpoint('configdb'),
  probes: [
    probe({
      run: probeMysql,
      what: 'configdb MySQL',
      service: 'mysqld (configdb)',
      ok: (v, t) => ({
        status: 'ok',
        summary: `configdb at ${t.target} answers: ${v.serverVersion}, protocol ${v.protocolVersion}`,
      }),
    }),
  ],
  combine: { kind: 'single' },
});
