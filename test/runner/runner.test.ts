import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok, crit } from '../../src/core/result.js';
import { TransportError } from '../../src/core/errors.js';
import { Secret } from '../../src/core/redact.js';
import type { HostSpec } from '../../src/core/host.js';
import { LocalTransport } from '../../src/transport/local.js';
import type { Transport } from '../../src/transport/types.js';
import { Runner } from '../../src/runner/runner.js';
import { plan } from '../../src/runner/plan.js';
import { Durations } from '../../src/runner/durations.js';
import { BannerTransport, InFlight, bannerServer, check, host, silentServer, site, sleep } from './helpers.js';

const local = (h: HostSpec): Transport => new LocalTransport(h.name);

describe('Runner deadlines and failures', () => {
  it('turns a check that outlives its deadline into CRIT with timedOut and keeps its evidence', async () => {
    const hang = check(
      'test/hang',
      async (ctx) => {
        ctx.record('step', 'connected, waiting for the greeting');
        await ctx.exec(['sleep', '5']);
        return ok('never reached');
      },
      { timeoutMs: 300 },
    );
    const runner = new Runner({ site: site(), transportFor: local });
    const t0 = Date.now();
    const report = await runner.sweep(plan([hang], [host('a')]));
    const [r] = report.results;
    expect(Date.now() - t0).toBeLessThan(1500);
    expect(r).toMatchObject({
      check: 'test/hang',
      host: 'a',
      status: 'crit',
      timedOut: true,
      summary: 'no answer within 300 ms',
    });
    expect(r!.hint).toContain('--timeout');
    expect(r!.evidence[0]).toEqual({ label: 'step', text: 'connected, waiting for the greeting' });
    expect(r!.durationMs).toBeGreaterThanOrEqual(290);
    expect(report.exitCode).toBe(2);
  });

  it('aborts the signal it gave the check when the deadline passes', async () => {
    let reason: unknown;
    const watch = check(
      'test/watch',
      async (ctx) => {
        await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }));
        reason = ctx.signal.reason;
        return ok('aborted');
      },
      { timeoutMs: 100 },
    );
    await new Runner({ site: site(), transportFor: local }).sweep(plan([watch], [host('a')]));
    expect((reason as Error).message).toBe('no answer within 100 ms');
  });

  it('uses --timeout over the check default and the config default', async () => {
    const slow = check(
      'test/slow',
      async () => {
        await sleep(400);
        return ok('done');
      },
      { timeoutMs: 5000 },
    );
    const report = await new Runner({ site: site({ timeoutMs: 5000 }), transportFor: local, timeoutMs: 150 }).sweep(
      plan([slow], [host('a')]),
    );
    expect(report.results[0]).toMatchObject({ status: 'crit', timedOut: true, summary: 'no answer within 150 ms' });
  });

  it('turns a thrown exception into UNKNOWN naming the check, without stopping the sweep', async () => {
    const boom = check('test/boom', async () => {
      throw new Error('kaboom');
    });
    const fine = check('test/fine', async () => ok('all good'));
    const report = await new Runner({ site: site(), transportFor: local }).sweep(plan([boom, fine], [host('a')]));
    expect(report.results.map((r) => [r.check, r.status, r.summary])).toEqual([
      ['test/boom', 'unknown', 'internal error in test/boom: kaboom'],
      ['test/fine', 'ok', 'all good'],
    ]);
    expect(report.results[0]!.timedOut).toBe(false);
    expect(report.results[0]!.evidence.some((e) => e.label === 'stack' && e.text.includes('kaboom'))).toBe(true);
    expect(report.exitCode).toBe(3);
  });

  it('turns a returned non-outcome into UNKNOWN', async () => {
    const bad = check('test/bad', async () => ({ status: 'fine', summary: 3 }) as never);
    const report = await new Runner({ site: site(), transportFor: local }).sweep(plan([bad], [host('a')]));
    expect(report.results[0]).toMatchObject({
      status: 'unknown',
      summary: 'internal error in test/bad: run() returned no valid outcome',
    });
  });

  it('turns a TransportError thrown by a check into CRIT with the transport hint', async () => {
    const lost = check('test/lost', async () => {
      throw new TransportError('a', 'closed', 'connection closed by peer', 'check sshd on a');
    });
    const report = await new Runner({ site: site(), transportFor: local }).sweep(plan([lost], [host('a')]));
    expect(report.results[0]).toMatchObject({
      status: 'crit',
      summary: 'a unreachable: connection closed by peer',
      hint: 'check sshd on a',
    });
  });
});

describe('Runner evidence and redaction', () => {
  it('records each exec as a command line with its output and exit code', async () => {
    const run = check('test/exec', async (ctx) => {
      const r = await ctx.exec(['sh', '-c', 'printf "hello\\n"; printf "oops\\n" >&2; exit 3', 'a b']);
      return r.code === 3 ? ok('ran') : crit('wrong code');
    });
    const report = await new Runner({ site: site(), transportFor: local }).sweep(plan([run], [host('a')]));
    const [e] = report.results[0]!.evidence;
    expect(e!.label).toBe(`$ sh -c 'printf "hello\\n"; printf "oops\\n" >&2; exit 3' 'a b'`);
    expect(e!.text).toMatch(/^hello\n--- stderr ---\noops\n\(exit 3, \d+ ms\)$/);
  });

  it('masks a registered secret in summaries, hints, evidence and steps', async () => {
    const secret = new Secret('Tr0ub4dor&3-runner', 'env:TEST_PW');
    const leak = check('test/leak', async (ctx) => {
      await ctx.exec(['printf', '%s', 'pw=Tr0ub4dor&3-runner']);
      ctx.record('bind', `bound with ${secret.reveal()}`);
      return crit(`login failed for password ${secret.reveal()}`, {
        hint: `try ${secret.reveal()} again`,
        steps: [{ name: 'login', status: 'crit', summary: `sent ${secret.reveal()}` }],
      });
    });
    const report = await new Runner({ site: site(), transportFor: local }).sweep(plan([leak], [host('a')]));
    const text = JSON.stringify(report.results);
    expect(text).not.toContain('Tr0ub4dor');
    expect(report.results[0]!.summary).toBe('login failed for password ********');
    expect(report.results[0]!.evidence[0]!.text).toContain('pw=********');
    expect(report.results[0]!.evidence[1]).toEqual({ label: 'bind', text: 'bound with ********' });
  });
});

describe('Runner concurrency', () => {
  it('never runs more checks at once than the global limit', async () => {
    const flight = new InFlight();
    const checks = Array.from({ length: 4 }, (_, i) =>
      check(`test/c${i}`, async (ctx) => flight.during(ctx.host.name, async () => (await sleep(60), ok('done')))),
    );
    const hosts = ['h1', 'h2', 'h3'].map((n) => host(n));
    const report = await new Runner({
      site: site({ concurrency: 3, perHostConcurrency: 6 }),
      transportFor: local,
    }).sweep(plan(checks, hosts));
    expect(report.results).toHaveLength(12);
    expect(flight.max).toBe(3);
  });

  it('never runs more checks on one host than the per-host limit, while other hosts go on', async () => {
    const flight = new InFlight();
    const checks = Array.from({ length: 6 }, (_, i) =>
      check(`test/c${i}`, async (ctx) => flight.during(ctx.host.name, async () => (await sleep(60), ok('done')))),
    );
    const report = await new Runner({
      site: site({ concurrency: 10, perHostConcurrency: 2 }),
      transportFor: local,
    }).sweep(plan(checks, [host('h1'), host('h2')]));
    expect(report.results.every((r) => r.status === 'ok')).toBe(true);
    expect(flight.maxFor('h1')).toBe(2);
    expect(flight.maxFor('h2')).toBe(2);
    expect(flight.max).toBe(4);
  });

  // The sweep's speed bar is measured in test/bench/sweep.ts; here, that the checks overlap at all.
  it('runs the checks of a host side by side, not one after another', async () => {
    const flight = new InFlight();
    const checks = Array.from({ length: 5 }, (_, i) =>
      check(`test/c${i}`, async (ctx) =>
        flight.during(ctx.host.name, async () => (await ctx.exec(['sleep', '0.2']), ok('slept'))),
      ),
    );
    await new Runner({ site: site({ perHostConcurrency: 6 }), transportFor: local }).sweep(plan(checks, [host('h1')]));
    expect(flight.max).toBe(5);
  });

  it('starts the checks that took longest last time first, and reports in plan order', async () => {
    const started: string[] = [];
    const checks = ['quick', 'slow', 'medium', 'new'].map((n) =>
      check(`test/${n}`, async () => (started.push(n), ok(n))),
    );
    const durations = new Durations([
      ['test/quick@h1', 5],
      ['test/slow@h1', 900],
      ['test/medium@h1', 100],
    ]);
    const report = await new Runner({ site: site({ perHostConcurrency: 1 }), transportFor: local, durations }).sweep(
      plan(checks, [host('h1')]),
    );
    expect(started).toEqual(['new', 'slow', 'medium', 'quick']);
    expect(report.results.map((r) => r.check)).toEqual(['test/quick', 'test/slow', 'test/medium', 'test/new']);
    expect(durations.get('test/new@h1')).toBeGreaterThanOrEqual(0);
  });
});

describe('Runner with a dead host', () => {
  let silent: Awaited<ReturnType<typeof silentServer>>;
  let banner: Awaited<ReturnType<typeof bannerServer>>;
  beforeAll(async () => {
    silent = await silentServer();
    banner = await bannerServer();
  });
  afterAll(async () => {
    await silent.close();
    await banner.close();
  });

  it('spends the dead host its timeout once and marks its other checks not run, without delaying other hosts', async () => {
    const ssh = check('host/ssh', async (ctx) => {
      try {
        await ctx.transport.ensureConnected(ctx.signal);
        return ok('connected');
      } catch (err) {
        return crit(`no SSH session: ${(err as Error).message}`);
      }
    });
    const work = ['test/a', 'test/b', 'test/c'].map((id) =>
      check(id, async (ctx) => (await ctx.exec(['true']), ok('fine'))),
    );
    const finishedAt = new Map<string, number>();
    const t0 = Date.now();
    const transports = new Map<string, Transport>([
      ['dead', new BannerTransport('dead', silent.port)],
      ['alive', new BannerTransport('alive', banner.port)],
    ]);
    const runner = new Runner({
      site: site({ timeoutMs: 600, concurrency: 4, perHostConcurrency: 2 }),
      transportFor: (h) => transports.get(h.name)!,
    });
    runner.store.subscribe(() => {
      for (const e of runner.store.getSnapshot().entries)
        if (e.state === 'done' && !finishedAt.has(e.key)) finishedAt.set(e.key, Date.now() - t0);
    });
    const report = await runner.sweep(plan([ssh, ...work], [host('dead'), host('alive')]));
    const elapsed = Date.now() - t0;

    const byKey = new Map(report.results.map((r) => [`${r.check}@${r.host}`, r]));
    expect(byKey.get('host/ssh@dead')).toMatchObject({ status: 'crit' });
    for (const id of ['test/a', 'test/b', 'test/c']) {
      expect(byKey.get(`${id}@dead`)).toMatchObject({
        status: 'unknown',
        summary: 'not run: dead unreachable (see host/ssh)',
        durationMs: 0,
      });
      expect(byKey.get(`${id}@alive`)).toMatchObject({ status: 'ok' });
      expect(finishedAt.get(`${id}@alive`)).toBeLessThan(400);
    }
    expect(silent.connections()).toBe(1);
    expect(elapsed).toBeGreaterThanOrEqual(590);
    expect(elapsed).toBeLessThan(600 * 1.5);
  });

  it('establishes the connection once when host/ssh is not in the plan, and still gates the host', async () => {
    const before = silent.connections();
    const work = ['test/a', 'test/b'].map((id) => check(id, async () => ok('fine')));
    const runner = new Runner({
      site: site({ timeoutMs: 300 }),
      transportFor: (h) => new BannerTransport(h.name, silent.port),
    });
    const report = await runner.sweep(plan(work, [host('dead')]));
    expect(report.results.map((r) => r.summary)).toEqual([
      'not run: dead unreachable (see host/ssh)',
      'not run: dead unreachable (see host/ssh)',
    ]);
    expect(report.results[0]!.evidence[0]!.text).toBe('no connection to dead within 300 ms');
    expect(silent.connections() - before).toBe(1);
  });
});

describe('Runner facts', () => {
  it('computes a fact once per host per sweep however many checks ask at once', async () => {
    let computed = 0;
    const ask = (id: string) =>
      check(id, async (ctx) => {
        const v = await ctx.facts.get('postconf', async () => {
          computed++;
          const r = await ctx.exec(['sh', '-c', 'sleep 0.05; echo myhostname = relay.example.com']);
          return r.stdout.trim();
        });
        return ok(v);
      });
    const checks = ['test/a', 'test/b', 'test/c', 'test/d'].map(ask);
    const runner = new Runner({ site: site(), transportFor: local });
    const report = await runner.sweep(plan(checks, [host('h1'), host('h2')]));
    expect(computed).toBe(2);
    expect(new Set(report.results.map((r) => r.summary))).toEqual(new Set(['myhostname = relay.example.com']));
    await runner.sweep(plan(checks, [host('h1')]));
    expect(computed).toBe(3);
  });

  it('keeps a failed fact failed for the rest of the sweep', async () => {
    let computed = 0;
    const ask = (id: string) =>
      check(id, async (ctx) => {
        await ctx.facts.get('imapd.conf', async () => {
          computed++;
          throw new Error('imapd.conf not readable');
        });
        return ok('unreachable');
      });
    const report = await new Runner({ site: site(), transportFor: local }).sweep(
      plan([ask('test/a'), ask('test/b')], [host('h1')]),
    );
    expect(computed).toBe(1);
    expect(report.results.map((r) => r.summary)).toEqual([
      'internal error in test/a: imapd.conf not readable',
      'internal error in test/b: imapd.conf not readable',
    ]);
  });
});

describe('Runner sweeps', () => {
  it('returns the running sweep when asked for another one while it is in flight', async () => {
    let runs = 0;
    const c = check('test/a', async () => (runs++, await sleep(50), ok('done')));
    const runner = new Runner({ site: site(), transportFor: local });
    const items = plan([c], [host('h1')]);
    const first = runner.sweep(items);
    const second = runner.sweep(items);
    expect(second).toBe(first);
    expect(runner.running).toBe(true);
    const report = await first;
    expect(runs).toBe(1);
    expect(report.number).toBe(1);
    expect(runner.running).toBe(false);
    expect((await runner.sweep(items)).number).toBe(2);
  });

  it('moves store entries through pending, running and done, and keeps the last result as previous', async () => {
    let status: 'ok' | 'crit' = 'ok';
    const c = check('test/a', async () => (await sleep(20), status === 'ok' ? ok('fine') : crit('broken')));
    const runner = new Runner({ site: site(), transportFor: local });
    const seen: string[] = [];
    runner.store.subscribe(() => {
      const e = runner.store.getSnapshot().byKey.get('test/a@h1');
      if (e && seen.at(-1) !== e.state) seen.push(e.state);
    });
    await runner.sweep(plan([c], [host('h1')]));
    status = 'crit';
    await runner.sweep(plan([c], [host('h1')]));
    expect(seen).toEqual(['pending', 'running', 'done', 'pending', 'running', 'done']);
    const entry = runner.store.getSnapshot().byKey.get('test/a@h1')!;
    expect(entry.result?.status).toBe('crit');
    expect(entry.previous?.status).toBe('ok');
    expect(runner.store.getSnapshot().sweep).toMatchObject({ number: 2, running: false, planned: 1, done: 1 });
  });
});

describe('Runner with a host found unreachable before the sweep', () => {
  it('does not try to connect again and reports the earlier error through host/ssh', async () => {
    let attempts = 0;
    const transportFor = (h: HostSpec): Transport => {
      const t = new LocalTransport(h.name);
      t.ensureConnected = async () => {
        attempts++;
      };
      return t;
    };
    const earlier = new TransportError(
      'b',
      'connect-refused',
      'connect ECONNREFUSED 127.0.10.4:22',
      'is sshd running on b?',
    );
    const ssh = check('host/ssh', async (ctx) => (await ctx.transport.ensureConnected(ctx.signal), ok('connected')));
    const other = check('test/a', async () => ok('fine'));
    const runner = new Runner({ site: site(), transportFor, unreachable: new Map([['b', earlier]]) });
    const report = await runner.sweep(plan([ssh, other], [host('a'), host('b')]));
    expect(report.results.map((r) => `${r.check}@${r.host} ${r.status} ${r.summary}`)).toEqual([
      'host/ssh@a ok connected',
      'test/a@a ok fine',
      'host/ssh@b crit b unreachable: connect ECONNREFUSED 127.0.10.4:22',
      'test/a@b unknown not run: b unreachable (see host/ssh)',
    ]);
    expect(report.results[3]!.hint).toBe('is sshd running on b?');
    expect(attempts).toBe(1);
  });
});

describe('Runner with a transport that cannot be created', () => {
  it('reports the reason through host/ssh and skips the rest of that host', async () => {
    const ssh = check('host/ssh', async (ctx) => (await ctx.transport.ensureConnected(ctx.signal), ok('connected')));
    const other = check('test/a', async () => ok('fine'));
    const runner = new Runner({
      site: site(),
      transportFor: (h) => {
        if (h.name === 'broken') throw new Error('identity file ~/.ssh/id_missing does not exist');
        return new LocalTransport(h.name);
      },
    });
    const report = await runner.sweep(plan([ssh, other], [host('broken'), host('fine')]));
    expect(report.results.map((r) => `${r.check}@${r.host} ${r.status} ${r.summary}`)).toEqual([
      'host/ssh@broken crit broken unreachable: cannot set up a connection to broken: identity file ~/.ssh/id_missing does not exist',
      'test/a@broken unknown not run: broken unreachable (see host/ssh)',
      'host/ssh@fine ok connected',
      'test/a@fine ok fine',
    ]);
  });
});

describe('Runner deadline races', () => {
  it('calls a check that rejects the moment it is aborted timed out, not an internal error', async () => {
    const eager = check(
      'test/eager',
      (ctx) =>
        new Promise((_, reject) =>
          ctx.signal.addEventListener('abort', () => reject(new Error('aborted by signal')), { once: true }),
        ),
      { timeoutMs: 100 },
    );
    const report = await new Runner({ site: site(), transportFor: local }).sweep(plan([eager], [host('a')]));
    expect(report.results[0]).toMatchObject({ status: 'crit', timedOut: true, summary: 'no answer within 100 ms' });
  });
});

describe('Runner facts and deadlines', () => {
  it('lets the next check recompute a fact that failed only because the first asker ran out of time', async () => {
    let computed = 0;
    const slowAsker = check(
      'test/slow',
      async (ctx) => {
        await ctx.facts.get('postconf', async () => {
          computed++;
          const r = await ctx.exec(['sleep', '5']);
          if (r.cancelled || r.timedOut) throw new Error('postconf was stopped');
          return 'never';
        });
        return ok('never');
      },
      { timeoutMs: 200 },
    );
    const lateAsker = check('test/late', async (ctx) => {
      await sleep(400);
      const v = await ctx.facts.get('postconf', async () => {
        computed++;
        return (await ctx.exec(['echo', 'myhostname = relay'])).stdout.trim();
      });
      return ok(v);
    });
    const report = await new Runner({ site: site(), transportFor: local }).sweep(
      plan([slowAsker, lateAsker], [host('a')]),
    );
    expect(report.results.map((r) => [r.status, r.summary])).toEqual([
      ['crit', 'no answer within 200 ms'],
      ['ok', 'myhostname = relay'],
    ]);
    expect(computed).toBe(2);
  });
});
