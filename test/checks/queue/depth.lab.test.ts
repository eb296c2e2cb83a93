// queue/depth against the lab's own postfix: OK on the healthy lab; under deferred-backlog (Exchange stand-in
// down, 120 messages deferred on servera) WARN/CRIT naming Exchange and the refusal; with servera's master
// also stopped, CRIT saying the mail system is down while still counting the queue; OK after heal. The -j and
// -p listings of that backlog are captured from the lab at run time and must parse to the same summary.
import { fileURLToPath } from 'node:url';
import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { depthCheck } from '../../../checks/queue/depth/index.js';
import { loadConfig } from '../../../src/config/index.js';
import type { SiteConfig } from '../../../src/config/types.js';
import type { Result } from '../../../src/core/result.js';
import { readQueueListing } from '../../../src/postfix/queue-read.js';
import { plan } from '../../../src/runner/plan.js';
import { Runner } from '../../../src/runner/runner.js';
import { TransportPool } from '../../../src/transport/index.js';
import { breakFault, healFault, labExec } from '../../lab/lab.js';

const CONFIG = fileURLToPath(new URL('../../lab/oxdoctor.yaml', import.meta.url));
let site: SiteConfig;

beforeAll(async () => {
  site = await loadConfig({ explicitPath: CONFIG });
}, 60_000);

async function sweep(): Promise<Result[]> {
  const pool = new TransportPool();
  try {
    const runner = new Runner({ site, transportFor: (h) => pool.get(h) });
    return [...(await runner.sweep(plan([depthCheck], site.hosts))).results];
  } finally {
    await pool.closeAll();
  }
}

const lines = (rs: Result[]): string => rs.map((r) => `${r.host} ${r.status}: ${r.summary}`).join('\n');

// The fault's messages reach deferred within seconds (Exchange refuses at once); wait until they have.
async function waitForDeferred(min: number): Promise<void> {
  for (let i = 0; i < 40; i++) {
    const run = await labExec('servera', ['sh', '-c', 'postqueue -j | grep -c \'"queue_name": "deferred"\'']);
    if (Number(run.stdout.trim()) >= min) return;
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe('queue/depth on the lab', () => {
  it('is OK on every relay and groupware host of the healthy lab, with perfdata for every queue', async () => {
    const rs = await sweep();
    expect(rs.map((r) => r.host).sort()).toEqual(['relay', 'servera', 'servera2', 'serverb']);
    expect(
      rs.filter((r) => r.status !== 'ok'),
      lines(rs),
    ).toEqual([]);
    // servera2 is the standby node of cluster servera: its queue/depth says so (postfix runs on servera).
    for (const r of rs.filter((x) => x.host !== 'servera2')) {
      expect(r.metrics.map((m) => m.label)).toEqual([
        'maildrop',
        'incoming',
        'active',
        'deferred',
        'hold',
        'corrupt',
        'oldest_minutes',
        'recipients',
        'size',
      ]);
      expect(r.summary).toMatch(/postqueue -j, postfix 3\.7/);
    }
  });

  it('names Exchange and the refusal under deferred-backlog, says "mail system is down" with the master stopped, and is OK after heal', async () => {
    await breakFault('deferred-backlog');
    try {
      await waitForDeferred(100);
      // the lab's own listings of the backlog, both formats, parsed as oxdoctor parses a stream
      const [json, text, now] = await Promise.all([
        labExec('servera', ['postqueue', '-j']),
        labExec('servera', ['postqueue', '-p']),
        labExec('servera', ['date', '+%s']),
      ]);
      const nowSeconds = Number(now.stdout.trim());
      const j = await readQueueListing(Readable.from([json.stdout]), 'json', { nowSeconds });
      const p = await readQueueListing(Readable.from([text.stdout]), 'text', { nowSeconds });
      expect(j.malformed).toBe(0);
      expect(p.malformed).toBe(0);
      expect(p.text?.trailer?.requests).toBe(j.summary.messages);
      expect(p.summary.counts.deferred).toBe(j.summary.counts.deferred);
      expect(j.summary.counts.deferred).toBeGreaterThanOrEqual(100);
      expect(p.summary.reasons()[0]).toMatchObject({
        nextHop: j.summary.reasons()[0]!.nextHop,
        reason: j.summary.reasons()[0]!.reason,
      });
      expect(j.summary.reasons()[0]).toMatchObject({
        nextHop: '127.0.10.20[127.0.10.20]:25',
        reason: 'Connection refused',
      });
      expect(p.summary.qshapeOf(['deferred']).rows.get('example.com')?.[0]).toBe(
        j.summary.qshapeOf(['deferred']).rows.get('example.com')?.[0],
      );

      const broken = (await sweep()).find((r) => r.host === 'servera')!;
      // catches: deferred mail past queue.deferred: WARN, past its crit: CRIT
      expect(broken.status).toBe('crit'); // the lab config: queue.deferred crit above 100
      // catches: a next hop refuses connections: deferred mail names the hop and asks whether it is down
      expect(broken.summary).toMatch(
        /\d+ deferred \(expected at most 50\), \d+ for Exchange 127\.0\.10\.20:25: Connection refused; is Exchange down\?/,
      );
      expect(broken.hint).toMatch(/Exchange does not take mail/);
      expect(broken.metrics.find((m) => m.label === 'deferred')?.value).toBeGreaterThanOrEqual(100);
      expect(
        broken.evidence.some((e) => e.label.startsWith('qshape deferred') && /example\.com\s+1\d\d/.test(e.text)),
      ).toBe(true);

      await breakFault('next-hop-unreachable'); // stops servera's postfix
      try {
        const down = (await sweep()).find((r) => r.host === 'servera')!;
        // catches: postfix master stopped: postqueue says the mail system is down (-p and -j)
        expect(down.status).toBe('crit');
        expect(down.summary).toMatch(/the postfix master on servera is not running \("mail system is down"\)/);
        expect(down.metrics.find((m) => m.label === 'deferred')?.value).toBeGreaterThanOrEqual(100);
      } finally {
        await healFault('next-hop-unreachable');
      }
    } finally {
      await healFault('deferred-backlog');
    }
    const healed = await sweep();
    expect(
      healed.filter((r) => r.status !== 'ok'),
      lines(healed),
    ).toEqual([]);
  }, 180_000);
});
