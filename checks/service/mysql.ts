// service/mysql: the OX configdb (MySQL on 3313 in the seed) sends its handshake to this host.
import { oxEndpoint, probe, serviceProbeCheck } from '../../src/checkkit/service-probe.js';
import { probeMysql } from '../../src/protocols/mysql.js';

export const mysqlCheck = serviceProbeCheck({
  id: 'service/mysql',
  title: 'OX configdb (MySQL)',
  roles: ['groupware'],
  proves: 'the configdb MySQL on 3313 accepts connections from this host and sends a protocol 10 handshake',
  catches: [
    'configdb MySQL stopped: connection refused',
    'port accepts but sends no handshake (mysqld hung)',
    'configdb refuses this host (error 1130: host not allowed)',
    'configdb out of connections (error 1040: too many connections)',
    'another program than MySQL answers on the configdb port',
  ],
  misses: [
    "OX's configdb password wrong or its grants missing (no login is tried; ox/listuser names it)",
    'the OX user databases (other schemas or hosts than the configdb; not probed; listdatabase on the host)',
    'replication lag or a broken slave under a read/write split (not checked; SHOW SLAVE STATUS)',
    'tablespace or disk full, crashed tables (not checked; host/disk on the DB host, the mysqld error log)',
  ],
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
