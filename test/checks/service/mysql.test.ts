// service/mysql against a real mariadbd: the protocol 10 handshake, the server's refusal, and no server at all.
import { describe, expect, it } from 'vitest';
import { mysqlCheck } from '../../../checks/service/mysql.js';
import { startMariadb } from '../../helpers/daemons/mariadb.js';
import { makeContext } from '../../helpers/context.js';
import { closedPort, garbageServer, silentServer } from '../../helpers/tcp.js';
import { oxAt } from './ox-endpoint.js';

describe('service/mysql against a real mariadbd', () => {
  it('is OK with the server version from the handshake', async () => {
    const db = await startMariadb();
    try {
      const outcome = await mysqlCheck.run(makeContext({ facts: oxAt('configdb', db.port) }));
      expect(outcome.status).toBe('ok');
      expect(outcome.summary).toMatch(/configdb at 127\.0\.0\.1:\d+ answers: .*MariaDB.*, protocol 10/);
    } finally {
      await db.stop();
    }
  });

  it("is CRIT with the server's own reason when this host is not allowed", async () => {
    const db = await startMariadb({ denyLoopback: true });
    try {
      const outcome = await mysqlCheck.run(makeContext({ facts: oxAt('configdb', db.port) }));
      expect(outcome.status).toBe('crit');
      expect(outcome.summary).toContain(
        "refused the session (server refused the connection: error 1130: Host '127.0.0.1' is not allowed",
      );
      expect(outcome.hint).toMatch(/fix its access rules/);
    } finally {
      await db.stop();
    }
  });
});

describe('service/mysql without a configdb', () => {
  it('is CRIT when nothing listens on the configdb port', async () => {
    const dead = await closedPort();
    const outcome = await mysqlCheck.run(makeContext({ facts: oxAt('configdb', dead) }));
    expect(outcome.status).toBe('crit');
    expect(outcome.summary).toContain(`configdb MySQL at 127.0.0.1:${dead} refused the connection`);
  });

  it('is CRIT when the port answers with something other than a MySQL handshake', async () => {
    const http = await garbageServer();
    try {
      const outcome = await mysqlCheck.run(makeContext({ facts: oxAt('configdb', http.port) }));
      expect(outcome.status).toBe('crit');
      expect(outcome.summary).toContain(
        `configdb MySQL at 127.0.0.1:${http.port} answered, but not as expected ` +
          '(not a MySQL server: first bytes "HTTP")',
      );
    } finally {
      await http.close();
    }
  });

  it('is CRIT in time when the port accepts but sends no handshake', async () => {
    const hung = await silentServer();
    try {
      const outcome = await mysqlCheck.run(makeContext({ facts: oxAt('configdb', hung.port), timeoutMs: 1500 }));
      expect(outcome.status).toBe('crit');
      expect(outcome.summary).toMatch(/did not answer in time/);
    } finally {
      await hung.close();
    }
  });
});
