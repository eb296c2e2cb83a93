// listuser as the OX checks run it: a storage error (exit 106, "configdb unreachable") is run once more, and if
// it stays, the configdb is probed from the host before it is blamed. The admin daemon's own connection may fail
// (its pool, the credentials in configdb.properties) while the database answers everyone else; service/mysql
// would then be OK, and this check must not name the database as the cause.
import type { CheckContext } from '../core/check.js';
import { crit } from '../core/result.js';
import { oxEndpoints } from '../facts/ox-endpoints.js';
import { listuser as runListuser, type ListuserAnswer } from '../ox/listuser-run.js';
import { probeMysql } from '../protocols/mysql.js';
import { openerFor, remainingMs } from './probe.js';

const STORAGE_ERROR = 106;

export async function listuser(ctx: CheckContext, pattern: string, maxOutputBytes?: number): Promise<ListuserAnswer> {
  let answer = await runListuser(ctx, pattern, maxOutputBytes);
  if (answer.ok || answer.exitCode !== STORAGE_ERROR) return answer;
  answer = await runListuser(ctx, pattern, maxOutputBytes);
  if (answer.ok || answer.exitCode !== STORAGE_ERROR) return answer;
  const { configdb } = await oxEndpoints(ctx);
  const target = `${configdb.host}:${configdb.port}`;
  const db = await probeMysql(openerFor(ctx, configdb.host, configdb.port), {
    signal: ctx.signal,
    timeoutMs: Math.min(5000, remainingMs(ctx)),
  });
  if (!db.ok) return answer; // the database is down indeed: the admin CLI's own words stand
  return {
    ok: false,
    exitCode: STORAGE_ERROR,
    outcome: crit(
      `listuser on ${ctx.host.name} failed twice with a storage error (exit 106, "configdb unreachable"), but the configdb at ${target} answers from ${ctx.host.name} (${db.value.serverVersion}): OX itself cannot use it`,
      {
        hint: `check the user and password (readProperty.1/.2) in /opt/open-xchange/etc/configdb.properties with mysql -h ${configdb.host} -P ${configdb.port} -u USER -p configdb, and read /var/log/open-xchange/open-xchange-admin.log for the admin daemon's connection error`,
      },
    ),
  };
}
