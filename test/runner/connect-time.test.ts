import { describe, expect, it } from 'vitest';
import type { HostSpec } from '../../src/core/host.js';
import { plan } from '../../src/runner/plan.js';
import { Runner } from '../../src/runner/runner.js';
import { LocalTransport } from '../../src/transport/local.js';
import { host, site } from './helpers.js';

describe("host/ssh's time", () => {
  it('is not stretched back to a connection an earlier sweep made (the dashboard refreshing)', async () => {
    const { sshCheck } = await import('../../checks/host/ssh.js');
    const long = Date.now() - 3_600_000;
    const connected = (h: HostSpec) => {
      const t = new LocalTransport(h.name);
      return Object.assign(t, { info: () => ({ ...LocalTransport.prototype.info.call(t), connectStartedAt: long }) });
    };
    const report = await new Runner({ site: site(), transportFor: connected }).sweep(plan([sshCheck], [host('a')]));
    expect(report.results[0]!.durationMs).toBeLessThan(5000);
    expect(Date.parse(report.results[0]!.startedAt)).toBeGreaterThan(long + 3_000_000);
  });

  it('counts from the attempt when it began for this run, before the sweep', async () => {
    const { sshCheck } = await import('../../checks/host/ssh.js');
    const began = Date.now() - 400;
    const connecting = (h: HostSpec) => {
      const t = new LocalTransport(h.name);
      return Object.assign(t, { info: () => ({ ...LocalTransport.prototype.info.call(t), connectStartedAt: began }) });
    };
    const report = await new Runner({ site: site(), transportFor: connecting }).sweep(plan([sshCheck], [host('a')]), {
      since: began - 10,
    });
    expect(report.results[0]!.durationMs).toBeGreaterThanOrEqual(400);
    expect(report.results[0]!.startedAt).toBe(new Date(began).toISOString());
  });
});
