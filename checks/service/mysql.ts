// service/mysql: the OX configdb (MySQL on 3313 in the seed) sends its handshake to this host.
import type { Check } from '../../src/core/check.js';
import { fromSteps } from '../../src/core/result.js';
import { probeMysql } from '../../src/protocols/mysql.js';
import { oxEndpoints } from '../../src/facts/ox-endpoints.js';
import { openerFor, probeStep, remainingMs } from '../../src/checkkit/probe.js';


export const mysqlCheck: Check = {
  id: 'service/mysql',
  title: 'OX configdb (MySQL)',
  roles: ['groupware'],
  proves: 'the configdb MySQL on 3313 accepts connections from this host and sends a protocol 10 handshake',
  timeoutMs: 10_000,
  async run(ctx) {
    const db = (await oxEndpoints(ctx)).configdb;
    const target = `${db.host}:${db.port}`;
    const result = await probeMysql(openerFor(ctx, db.host, db.port), { signal: ctx.signal, timeoutMs: remainingMs(ctx) });
    const step = probeStep(ctx, {
      name: target,
      what: 'configdb MySQL',
      service: 'mysqld (configdb)',
      target,
      ok: (v) => ({ status: 'ok', summary: `configdb at ${target} answers: ${v.serverVersion}, protocol ${v.protocolVersion}` }),
    }, result);
    return fromSteps([step]);
  },
};
