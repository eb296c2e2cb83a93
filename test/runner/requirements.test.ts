import { describe, expect, it } from 'vitest';
import type { Requirement } from '../../src/core/check.js';
import type { HostSpec } from '../../src/core/host.js';
import { ok, unknown } from '../../src/core/result.js';
import { plan } from '../../src/runner/plan.js';
import { Runner } from '../../src/runner/runner.js';
import { LocalTransport } from '../../src/transport/local.js';
import { postfixConfigured } from '../../src/facts/requirements.js';
import { makeContext } from '../helpers/context.js';
import { RootedTransport } from '../facts/rooted-transport.js';
import { fixtureTree } from '../facts/fixture-hosts.js';
import { check, host, site, sleep } from './helpers.js';

const local = (h: HostSpec) => new LocalTransport(h.name);

const requirement = (present: boolean, asked: string[]): Requirement => ({
  name: 'the thing',
  async missing() {
    asked.push('the thing');
    return present ? null : unknown('the thing is not here', { hint: 'install the thing' });
  },
});

describe('Check.requires', () => {
  it("answers with the missing requirement's UNKNOWN and does not run the check", async () => {
    const asked: string[] = [];
    let ran = false;
    const c = check('test/needs', async () => ((ran = true), ok('ran')), { requires: [requirement(false, asked)] });
    const report = await new Runner({ site: site(), transportFor: local }).sweep(plan([c], [host('a')]));
    expect(report.results[0]).toMatchObject({
      status: 'unknown',
      summary: 'the thing is not here',
      hint: 'install the thing',
    });
    expect(ran).toBe(false);
    expect(asked).toEqual(['the thing']);
  });

  it('runs the check when every requirement is present', async () => {
    const asked: string[] = [];
    const c = check('test/needs', async () => ok('ran'), {
      requires: [requirement(true, asked), requirement(true, asked)],
    });
    const report = await new Runner({ site: site(), transportFor: local }).sweep(plan([c], [host('a')]));
    expect(report.results[0]).toMatchObject({ status: 'ok', summary: 'ran' });
    expect(asked).toHaveLength(2);
  });

  it("holds a requirement to the check's deadline", async () => {
    const slow: Requirement = { name: 'slow', missing: async () => (await sleep(2000), null) };
    const c = check('test/needs', async () => ok('ran'), { requires: [slow], timeoutMs: 100 });
    const report = await new Runner({ site: site(), transportFor: local }).sweep(plan([c], [host('a')]));
    expect(report.results[0]).toMatchObject({ status: 'crit', timedOut: true });
  });
});

describe('postfixConfigured', () => {
  it('is missing on a host without postfix, naming the host, its roles and what was looked at', async () => {
    const tree = fixtureTree({ '/etc/hostname': 'x\n' });
    try {
      const ctx = makeContext({ transport: new RootedTransport(tree.root), host: { name: 'b1', roles: ['relay'] } });
      const missing = await postfixConfigured.missing(ctx);
      expect(missing?.status).toBe('unknown');
      expect(missing?.summary).toMatch(
        /^postfix configuration not found on b1 \(\/etc\/postfix\/master\.cf: missing, postconf: /,
      );
      expect(missing?.hint).toBe(
        "check that postfix is installed here, or take relay from this host's roles in the config",
      );
    } finally {
      tree.remove();
    }
  });
});
