// Issue 2's bar for hosts that never answer: one that accepts TCP but never sends an SSH banner, and one whose
// packets are dropped, each cost at most their connect timeout; a live host's results are unaffected and the
// whole process exits on time.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canDrop, dropPackets, DROP_ADDRESS } from '../helpers/drop.js';
import { startSshd, sshdAvailable, type TestSshd } from '../helpers/sshd.js';
import { buildCli, runCli, type Built } from './build.js';

const CONNECT_TIMEOUT_MS = 1500;

describe.skipIf(!canDrop || !sshdAvailable())('a run with hosts that never answer', () => {
  let built: Built;
  let live: TestSshd;
  let silent: net.Server;
  const sockets: net.Socket[] = [];
  let undoDrop: () => void;
  let dir: string;
  let config: string;

  beforeAll(async () => {
    [built, live] = await Promise.all([buildCli(), startSshd()]);
    silent = net.createServer((s) => void sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    undoDrop = dropPackets(DROP_ADDRESS, 22);
    dir = mkdtempSync(join(tmpdir(), 'oxdoctor-dead-hosts-'));
    writeFileSync(join(dir, 'known_hosts'), `${live.knownHostsLine}\n`);
    const ssh = (port: number, key = '') =>
      `{ user: ${live.user}, port: ${port}, knownHosts: ${join(dir, 'known_hosts')}, connectTimeoutMs: ${CONNECT_TIMEOUT_MS}${key} }`;
    config = join(dir, 'site.yaml');
    writeFileSync(
      config,
      [
        'site: dead hosts',
        'hosts:',
        `  live: { address: 127.0.0.1, roles: [relay], ssh: ${ssh(live.port, `, identityFile: ${live.clientKeyPath}`)} }`,
        `  silent: { address: 127.0.0.1, roles: [relay], ssh: ${ssh((silent.address() as net.AddressInfo).port)} }`,
        `  dropped: { address: ${DROP_ADDRESS}, roles: [relay], ssh: ${ssh(22)} }`,
        '',
      ].join('\n'),
    );
  }, 180_000);

  afterAll(async () => {
    undoDrop?.();
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => silent?.close(() => r()));
    await live?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports both dead hosts CRIT once, the live host OK, and exits within the connect timeout plus start-up', async () => {
    const r = await runCli(built.bin, ['check', '--config', config, '--check', 'host', '--format', 'json'], {
      env: { HOME: dir },
    });
    const doc = JSON.parse(r.stdout) as {
      results: { check: string; host: string; status: string; summary: string; durationMs: number }[];
    };
    const by = (host: string, check: string) => doc.results.find((x) => x.host === host && x.check === check)!;

    expect(r.code).toBe(2);
    for (const host of ['silent', 'dropped']) {
      expect(by(host, 'host/ssh').status).toBe('crit');
      expect(by(host, 'host/ssh').summary).toMatch(/timed out|no answer|did not answer|timeout/i);
      expect(by(host, 'host/ssh').durationMs).toBeLessThan(CONNECT_TIMEOUT_MS + 500);
      // the connect timeout is the check's own: real time spent, and timedOut set
      expect(by(host, 'host/ssh').durationMs).toBeGreaterThanOrEqual(CONNECT_TIMEOUT_MS - 100);
      expect((by(host, 'host/ssh') as unknown as { timedOut: boolean }).timedOut).toBe(true);
      expect(by(host, 'host/clock').summary).toBe(`not run: ${host} unreachable (see host/ssh)`);
    }
    expect(['host/ssh', 'host/clock', 'host/disk'].map((c) => by('live', c).status)).toEqual(['ok', 'ok', 'ok']);
    // Node start, config load and the live host's checks come on top of the one connect timeout.
    expect(r.ms).toBeLessThan(CONNECT_TIMEOUT_MS + 3000);
  });

  // Issue 13: the live host must not wait for the dead one, and --timeout bounds the whole run even when the
  // configured connect timeout (10 s) is longer.
  it('starts the live host at once and ends the whole run within --timeout, the dead host timed out', async () => {
    const slow = join(dir, 'slow-connect.yaml');
    writeFileSync(
      slow,
      readFileSync(config, 'utf8').replaceAll(`connectTimeoutMs: ${CONNECT_TIMEOUT_MS}`, 'connectTimeoutMs: 10000'),
    );
    // What starting node and reading the config cost on this machine right now (it is shared with the tests).
    const startup = (await runCli(built.bin, ['config', 'validate', '--config', slow], { env: { HOME: dir } })).ms;
    const before = Date.now();
    const r = await runCli(
      built.bin,
      ['check', '--config', slow, '--check', 'host', '--format', 'json', '--timeout', '1000'],
      { env: { HOME: dir } },
    );
    const doc = JSON.parse(r.stdout) as {
      results: {
        check: string;
        host: string;
        status: string;
        timedOut: boolean;
        durationMs: number;
        startedAt: string;
      }[];
    };
    const by = (host: string, check: string) => doc.results.find((x) => x.host === host && x.check === check)!;
    expect(r.code).toBe(2);
    // The live host's checks started long before the dead hosts gave up (1 s), not after them.
    const liveStart = Math.max(...['host/clock', 'host/disk'].map((c) => Date.parse(by('live', c).startedAt)));
    const deadEnd = Date.parse(by('dropped', 'host/ssh').startedAt) + by('dropped', 'host/ssh').durationMs;
    expect(deadEnd - liveStart).toBeGreaterThan(0);
    expect(['host/ssh', 'host/clock', 'host/disk'].map((c) => by('live', c).status)).toEqual(['ok', 'ok', 'ok']);
    for (const host of ['silent', 'dropped']) {
      expect(by(host, 'host/ssh')).toMatchObject({ status: 'crit', timedOut: true });
      // The real time of the connect attempt: from its start (right after the config was read) until the
      // budget ran out, not 0 and not the 10 s connect timeout.
      const ssh = by(host, 'host/ssh');
      expect(ssh.durationMs).toBeGreaterThan(300);
      expect(Date.parse(ssh.startedAt) + ssh.durationMs - before).toBeLessThan(1000 + startup + 300);
    }
    // Node's start-up (about 0.5 s here) comes on top of the 1 s budget, and closing takes a moment.
    expect(Date.now() - before).toBeLessThan(1000 + startup + 500);
  });
});
