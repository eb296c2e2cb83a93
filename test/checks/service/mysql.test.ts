// service/mysql against a real mariadbd: the protocol 10 handshake, the server's refusal, and no server at all.
import { execFileSync } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
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
      // catches: configdb refuses this host (error 1130: host not allowed)
      expect(outcome.summary).toContain(
        "refused the session (server refused the connection: error 1130: Host '127.0.0.1' is not allowed",
      );
      expect(outcome.hint).toMatch(/fix its access rules/);
    } finally {
      await db.stop();
    }
  });

  it('is CRIT with error 1040 when the configdb has no connection left (max_connections reached)', async () => {
    const db = await startMariadb();
    const held: ReturnType<typeof connect>[] = [];
    try {
      // 10 is MariaDB's smallest max_connections; one more is kept for an admin; the 12 held take them all.
      const sql = 'SET GLOBAL max_connections=10';
      execFileSync('mariadb', ['--no-defaults', '-S', join(db.dir, 'mysqld.sock'), '-uroot', '-e', sql]);
      for (let i = 0; i < 12; i++) held.push(connect(db.port, '127.0.0.1'));
      await Promise.all(held.map((s) => new Promise((r) => s.once('data', r))));
      const outcome = await mysqlCheck.run(makeContext({ facts: oxAt('configdb', db.port) }));
      expect(outcome.status).toBe('crit');
      // catches: configdb out of connections (error 1040: too many connections)
      expect(outcome.summary).toContain('server refused the connection: error 1040: Too many connections');
      expect(outcome.hint).toMatch(/no connection left: raise max_connections/);
    } finally {
      for (const s of held) s.destroy();
      await db.stop();
    }
  });
});

describe('service/mysql without a configdb', () => {
  it('is CRIT when nothing listens on the configdb port', async () => {
    const dead = await closedPort();
    const outcome = await mysqlCheck.run(makeContext({ facts: oxAt('configdb', dead) }));
    expect(outcome.status).toBe('crit');
    // catches: configdb MySQL stopped: connection refused
    expect(outcome.summary).toContain(`configdb MySQL at 127.0.0.1:${dead} refused the connection`);
  });

  it('is CRIT when the port answers with something other than a MySQL handshake', async () => {
    const http = await garbageServer();
    try {
      const outcome = await mysqlCheck.run(makeContext({ facts: oxAt('configdb', http.port) }));
      expect(outcome.status).toBe('crit');
      // catches: another program than MySQL answers on the configdb port
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
      // catches: port accepts but sends no handshake (mysqld hung)
      expect(outcome.summary).toMatch(/did not answer in time/);
    } finally {
      await hung.close();
    }
  });
});
