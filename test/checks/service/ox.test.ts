import { describe, expect, it } from 'vitest';
import { ajpCheck } from '../../../checks/service/ajp.js';
import { httpCheck } from '../../../checks/service/http.js';
import { mysqlCheck } from '../../../checks/service/mysql.js';
import { OX_DEFAULTS, OX_ENDPOINTS_FACT } from '../../../src/facts/ox-endpoints.js';
import { seed } from '../../facts/seed.js';
import { CPING } from '../../../src/protocols/ajp13.js';
import { startApache } from '../../helpers/daemons/apache.js';
import { startMariadb } from '../../helpers/daemons/mariadb.js';
import { makeContext } from '../../helpers/context.js';
import { closedPort, garbageServer, scriptedServer } from '../../helpers/tcp.js';

const at = (part: 'ajp' | 'http' | 'configdb', port: number) =>
  seed(OX_ENDPOINTS_FACT, { ...OX_DEFAULTS, [part]: { host: '127.0.0.1', port } });

describe('service/ajp', () => {
  it('is OK with the CPong time when OX answers CPing (Tomcat\'s captured CPong)', async () => {
    const ox = await scriptedServer((s) => s.on('data', (d) => Buffer.from(d).equals(CPING) && s.write(Buffer.from('4142000109', 'hex'))));
    try {
      const outcome = await ajpCheck.run(makeContext({ facts: at('ajp', ox.port) }));
      expect(outcome.status).toBe('ok');
      expect(outcome.summary).toMatch(/^OX at 127\.0\.0\.1:\d+ answers CPing with CPong in \d+ ms$/);
      expect(outcome.metrics?.[0]?.label).toBe('cpong');
    } finally {
      await ox.close();
    }
  });

  it('is CRIT when the groupware is down, and when something else owns 8009', async () => {
    const down = await ajpCheck.run(makeContext({ facts: at('ajp', await closedPort()) }));
    expect(down.status).toBe('crit');
    expect(down.hint).toMatch(/start open-xchange-groupware/);
    const http = await garbageServer();
    try {
      const wrong = await ajpCheck.run(makeContext({ facts: at('ajp', http.port) }));
      expect(wrong.status).toBe('crit');
      expect(wrong.summary).toMatch(/answered, but not as expected .*expected CPONG 41 42 00 01 09/);
    } finally {
      await http.close();
    }
  });
});

describe('service/http against a real Apache', () => {
  it('is OK when the front page and /ajax answer below 500', async () => {
    const apache = await startApache();
    try {
      const outcome = await httpCheck.run(makeContext({ facts: at('http', apache.port) }));
      expect(outcome.status).toBe('ok');
      expect(outcome.summary).toMatch(/^all 2 HTTP paths answer as expected/);
    } finally {
      await apache.stop();
    }
  });

  it('is CRIT with the 503 Apache gives when the AJP backend of /ajax is down', async () => {
    const apache = await startApache({ ajaxBackendPort: await closedPort() });
    try {
      const outcome = await httpCheck.run(makeContext({ facts: at('http', apache.port) }));
      expect(outcome.status).toBe('crit');
      expect(outcome.summary).toContain('answers GET /ajax/ with 503 Service Unavailable: the OX backend behind mod_proxy_ajp is not answering');
      expect(outcome.hint).toMatch(/service\/ajp/);
    } finally {
      await apache.stop();
    }
  });
});

describe('service/mysql against a real mariadbd', () => {
  it('is OK with the server version from the handshake', async () => {
    const db = await startMariadb();
    try {
      const outcome = await mysqlCheck.run(makeContext({ facts: at('configdb', db.port) }));
      expect(outcome.status).toBe('ok');
      expect(outcome.summary).toMatch(/configdb at 127\.0\.0\.1:\d+ answers: .*MariaDB.*, protocol 10/);
    } finally {
      await db.stop();
    }
  });

  it('is CRIT with the server\'s own reason when this host is not allowed', async () => {
    const db = await startMariadb({ denyLoopback: true });
    try {
      const outcome = await mysqlCheck.run(makeContext({ facts: at('configdb', db.port) }));
      expect(outcome.status).toBe('crit');
      expect(outcome.summary).toContain("refused the session (server refused the connection: error 1130: Host '127.0.0.1' is not allowed");
      expect(outcome.hint).toMatch(/fix its access rules/);
    } finally {
      await db.stop();
    }
  });
});
