// service/sieve against a real cyrus timsieved, and the ways a sieve listener of cyrus.conf fails.
import { describe, expect, it } from 'vitest';
import { sieveCheck } from '../../../checks/service/sieve.js';
import { makeContext } from '../../helpers/context.js';
import { closedPort, garbageServer, silentServer } from '../../helpers/tcp.js';
import { oneService, useCyrus, WITHOUT_SERVICES } from './cyrus-daemon.js';
import { cyrusFacts } from './seeded-facts.js';

const running = useCyrus();
const sieveAt = (port: number) => cyrusFacts(oneService(`sieve cmd="timsieved" listen="127.0.0.1:${port}"`));

describe('service/sieve', () => {
  it('is OK with the implementation and SASL mechanisms timsieved announces', async () => {
    const outcome = await sieveCheck.run(makeContext({ facts: cyrusFacts(running().conf) }));
    expect(outcome.status).toBe('ok');
    expect(outcome.summary).toMatch(/timsieved at 127\.0\.0\.1:\d+ answers \(Cyrus timsieved .*; SASL .*PLAIN/);
  });

  it('is CRIT when timsieved is not listening where cyrus.conf says', async () => {
    const dead = await closedPort();
    const outcome = await sieveCheck.run(makeContext({ facts: sieveAt(dead) }));
    expect(outcome.status).toBe('crit');
    // catches: timsieved not listening where cyrus.conf says (cyrus master down): connection refused
    expect(outcome.summary).toContain(`timsieved at 127.0.0.1:${dead} refused the connection`);
    expect(outcome.hint).toMatch(/timsieved/);
  });

  it('is CRIT when something other than ManageSieve answers on the listener', async () => {
    const http = await garbageServer();
    try {
      const outcome = await sieveCheck.run(makeContext({ facts: sieveAt(http.port) }));
      expect(outcome.status).toBe('crit');
      // catches: another program than timsieved answers on the listener
      expect(outcome.summary).toContain(`timsieved at 127.0.0.1:${http.port} answered, but not as expected`);
    } finally {
      await http.close();
    }
  });

  it('is CRIT in time when the listener accepts but never sends its capabilities', async () => {
    const silent = await silentServer();
    try {
      const outcome = await sieveCheck.run(makeContext({ facts: sieveAt(silent.port), timeoutMs: 1500 }));
      expect(outcome.status).toBe('crit');
      // catches: listener accepts but never sends its capabilities (maxchild reached or timsieved hung)
      expect(outcome.summary).toMatch(/did not answer in time/);
    } finally {
      await silent.close();
    }
  });

  it('is CRIT naming cyrus.conf rather than probing a default address when there is no timsieved service', async () => {
    const outcome = await sieveCheck.run(makeContext({ facts: cyrusFacts(WITHOUT_SERVICES) }));
    expect(outcome.status).toBe('crit');
    // catches: cyrus.conf has no timsieved service in SERVICES (the lab fault sieve-down)
    expect(outcome.summary).toBe(
      '/etc/cyrus.conf has no timsieved service in SERVICES (expected sieve on port 2000 as in the deployment)',
    );
    expect(outcome.hint).toMatch(/restore the .* line in the SERVICES section/);
  });
});
