// ctx.peer: a check of one host reads another configured host through that host's transport and facts.
import { describe, expect, it } from 'vitest';
import { ok } from '../../src/core/result.js';
import type { HostSpec } from '../../src/core/host.js';
import { TransportError } from '../../src/core/errors.js';
import { LocalTransport } from '../../src/transport/local.js';
import type { Transport } from '../../src/transport/types.js';
import { Runner } from '../../src/runner/runner.js';
import { plan } from '../../src/runner/plan.js';
import { check, host, site } from './helpers.js';

describe('ctx.peer', () => {
  it("runs commands on the peer's transport, shares its facts and labels the evidence with its name", async () => {
    const made: string[] = [];
    const transportFor = (h: HostSpec): Transport => (made.push(h.name), new LocalTransport(h.name));
    let computed = 0;
    const fact = (): Promise<string> => Promise.resolve(`value ${++computed}`);
    const seen: string[] = [];
    const reader = check('test/peer', async (ctx) => {
      const peer = ctx.peer?.('b');
      expect(ctx.peer?.('nobody')).toBeUndefined();
      const r = await peer!.exec(['echo', 'from b']);
      seen.push(r.stdout.trim(), peer!.transport.host, await peer!.facts.get('k', fact));
      return ok('read b');
    });
    const own = check('test/own', async (ctx) => {
      await new Promise((r) => setTimeout(r, 50));
      seen.push(await ctx.facts.get('k', fact));
      return ok('own');
    });
    const a = host('a');
    const b = host('b');
    const report = await new Runner({ site: site({}, [a, b]), transportFor }).sweep(
      plan([reader, own], [a, b]).filter((i) =>
        i.check.id === 'test/peer' ? i.host.name === 'a' : i.host.name === 'b',
      ),
    );
    const peerResult = report.results.find((r) => r.check === 'test/peer')!;
    expect(peerResult.status).toBe('ok');
    expect(seen.slice(0, 2)).toEqual(['from b', 'b']);
    expect(seen).toContain('value 1');
    expect(computed).toBe(1); // b's own check got the fact the peer read computed
    expect(peerResult.evidence[0]!.label).toBe("on b: $ echo 'from b'");
    expect(made.sort()).toEqual(['a', 'b']);
  });

  it("rejects with the peer's own connection error when that host is unreachable", async () => {
    const down = new TransportError('b', 'connect-refused', 'connection to b refused');
    let caught: unknown;
    const reader = check('test/peer', async (ctx) => {
      caught = await ctx.peer!('b')!
        .exec(['true'])
        .catch((e: unknown) => e);
      return ok('checked');
    });
    const a = host('a');
    const b = host('b');
    const report = await new Runner({
      site: site({}, [a, b]),
      transportFor: (h) => new LocalTransport(h.name),
      unreachable: new Map([['b', down]]),
    }).sweep(plan([reader], [a]));
    expect(report.results[0]!.status).toBe('ok');
    expect(caught).toBe(down);
  });
});
