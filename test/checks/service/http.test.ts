// service/http against a real Apache: the front page and /ajax through mod_proxy_ajp, and how each fails.
import { describe, expect, it } from 'vitest';
import { httpCheck } from '../../../checks/service/http.js';
import { startApache } from '../../helpers/daemons/apache.js';
import { makeContext } from '../../helpers/context.js';
import { closedPort, garbageServer, silentServer } from '../../helpers/tcp.js';
import { oxAt } from './ox-endpoint.js';

describe('service/http against a real Apache', () => {
  it('is OK when the front page and /ajax answer below 500', async () => {
    const apache = await startApache();
    try {
      const outcome = await httpCheck.run(makeContext({ facts: oxAt('http', apache.port) }));
      expect(outcome.status).toBe('ok');
      expect(outcome.summary).toMatch(/^all 2 HTTP paths answer as expected/);
    } finally {
      await apache.stop();
    }
  });

  it('is CRIT with the 503 Apache gives when the AJP backend of /ajax is down', async () => {
    const apache = await startApache({ ajaxBackendPort: await closedPort() });
    try {
      const outcome = await httpCheck.run(makeContext({ facts: oxAt('http', apache.port) }));
      expect(outcome.status).toBe('crit');
      // catches: the AJP backend of /ajax down: Apache answers 503
      expect(outcome.summary).toContain(
        'answers GET /ajax/ with 503 Service Unavailable: the OX backend behind mod_proxy_ajp is not answering',
      );
      expect(outcome.hint).toMatch(/service\/ajp/);
    } finally {
      await apache.stop();
    }
  });
});

describe('service/http when Apache is not there', () => {
  it('is CRIT when nothing listens on the HTTP port', async () => {
    const dead = await closedPort();
    const outcome = await httpCheck.run(makeContext({ facts: oxAt('http', dead) }));
    expect(outcome.status).toBe('crit');
    // catches: httpd stopped: connection refused
    expect(outcome.summary).toContain(`127.0.0.1:${dead} refused the connection`);
  });

  it('is CRIT in time when the port accepts but no answer comes (Apache out of workers)', async () => {
    const hung = await silentServer();
    try {
      const outcome = await httpCheck.run(makeContext({ facts: oxAt('http', hung.port), timeoutMs: 1500 }));
      expect(outcome.status).toBe('crit');
      // catches: httpd accepts but never answers (all workers busy, MaxClients reached)
      expect(outcome.summary).toMatch(/did not answer in time/);
    } finally {
      await hung.close();
    }
  });

  it('is CRIT when the front page itself answers 5xx', async () => {
    const broken = await garbageServer(
      'HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n',
    );
    try {
      const outcome = await httpCheck.run(makeContext({ facts: oxAt('http', broken.port) }));
      expect(outcome.status).toBe('crit');
      // catches: front page answers 5xx
      expect(outcome.summary).toContain('answers GET / with 500 Internal Server Error (expected 2xx or 3xx)');
    } finally {
      await broken.close();
    }
  });

  it('warns when the front page answers 400 (a 4xx is not a proxy failure, so /ajax stays OK)', async () => {
    const server = await garbageServer();
    try {
      const outcome = await httpCheck.run(makeContext({ facts: oxAt('http', server.port) }));
      expect(outcome.status).toBe('warn');
      // catches: front page answers 4xx (DocumentRoot or access rules)
      expect(outcome.steps?.map((s) => s.status)).toEqual(['warn', 'ok']);
      expect(outcome.summary).toContain('answers GET / with 400 Bad Request (expected 2xx or 3xx)');
    } finally {
      await server.close();
    }
  });
});
