// A check that runs many commands at once (a dozen map files read together) is normal: Node must not print a
// MaxListenersExceededWarning on oxdoctor's stderr for the listeners they put on the check's signal.
import { describe, expect, it } from 'vitest';
import { ok } from '../../src/core/result.js';
import { LocalTransport } from '../../src/transport/local.js';
import { deadline } from '../../src/transport/deadline.js';
import type { ExecOptions } from '../../src/transport/types.js';
import { Runner } from '../../src/runner/runner.js';
import { plan } from '../../src/runner/plan.js';
import { check, host, site } from './helpers.js';

describe('a check with many commands in flight', () => {
  it('runs 40 at once without a listener-leak warning', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      const many = check('test/many', async (ctx) => {
        const results = await Promise.all(Array.from({ length: 40 }, () => ctx.exec(['true'])));
        return ok(`${results.filter((r) => r.code === 0).length} commands ran`);
      });
      // As the SSH transport does for every command: a deadline listening on the check's signal while it runs.
      const transport = new LocalTransport();
      const exec = transport.exec.bind(transport);
      transport.exec = async (argv: readonly string[], options: ExecOptions = {}) => {
        const limit = deadline(options.signal, 5000);
        try {
          return await exec(argv, { ...options, signal: limit.signal });
        } finally {
          limit.dispose();
        }
      };
      const report = await new Runner({ site: site(), transportFor: () => transport }).sweep(plan([many], [host('a')]));
      expect(report.results[0]?.summary).toBe('40 commands ran');
      await new Promise((r) => setImmediate(r)); // warnings are emitted on the next tick
      expect(warnings).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });
});
