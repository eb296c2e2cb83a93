// service/ajp: the OX groupware's AJP13 connector answers CPing with CPong; down, foreign and mute listeners.
import { describe, expect, it } from 'vitest';
import { ajpCheck } from '../../../checks/service/ajp.js';
import { CPING } from '../../../src/protocols/ajp13.js';
import { makeContext } from '../../helpers/context.js';
import { closedPort, garbageServer, scriptedServer, silentServer } from '../../helpers/tcp.js';
import { oxAt } from './ox-endpoint.js';

// Tomcat's CPong as captured from a real connector.
const CPONG = Buffer.from('4142000109', 'hex');

describe('service/ajp', () => {
  it("is OK with the CPong time when OX answers CPing (Tomcat's captured CPong)", async () => {
    const ox = await scriptedServer((s) => s.on('data', (d) => Buffer.from(d).equals(CPING) && s.write(CPONG)));
    try {
      const outcome = await ajpCheck.run(makeContext({ facts: oxAt('ajp', ox.port) }));
      expect(outcome.status).toBe('ok');
      expect(outcome.summary).toMatch(/^OX at 127\.0\.0\.1:\d+ answers CPing with CPong in \d+ ms$/);
      expect(outcome.metrics?.[0]?.label).toBe('cpong');
    } finally {
      await ox.close();
    }
  });

  it('is CRIT when the groupware is down', async () => {
    const dead = await closedPort();
    const outcome = await ajpCheck.run(makeContext({ facts: oxAt('ajp', dead) }));
    expect(outcome.status).toBe('crit');
    // catches: the OX groupware stopped: the AJP connector refuses the connection
    expect(outcome.summary).toContain(`127.0.0.1:${dead} refused the connection`);
    expect(outcome.hint).toMatch(/start open-xchange-groupware/);
  });

  it('is CRIT when something else owns 8009 and answers with other bytes', async () => {
    const http = await garbageServer();
    try {
      const outcome = await ajpCheck.run(makeContext({ facts: oxAt('ajp', http.port) }));
      expect(outcome.status).toBe('crit');
      // catches: another program owns 8009 and answers other bytes
      expect(outcome.summary).toMatch(/answered, but not as expected .*expected CPONG 41 42 00 01 09/);
    } finally {
      await http.close();
    }
  });

  it('is CRIT in time when the connector accepts but never answers CPing', async () => {
    const hung = await silentServer();
    try {
      const started = Date.now();
      const outcome = await ajpCheck.run(makeContext({ facts: oxAt('ajp', hung.port), timeoutMs: 1500 }));
      expect(outcome.status).toBe('crit');
      // catches: connector accepts but never answers CPing (OX hung, all AJP threads busy)
      expect(outcome.summary).toMatch(/did not answer in time/);
      expect(Date.now() - started).toBeLessThan(2500);
    } finally {
      await hung.close();
    }
  });
});
