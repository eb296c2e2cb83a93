// The remote readers of followFiles end when oxdoctor ends or the connection drops: nothing of theirs is left
// running on the host 5 s later, whether the follow was stopped, its process was killed with SIGKILL, or its
// SSH connection's socket was closed under it. On the lab's servera, over the real SSH transport.
import { spawn } from 'node:child_process';
import type { Client } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Transport } from '../../src/core/transport.js';
import { followFiles } from '../../src/logs/follow.js';
import type { RawLine } from '../../src/logs/types.js';
import { compileFollowChild } from './follow-child-build.js';
import {
  LAB_CONFIG,
  labTransports,
  processesNaming,
  readersLeftAfter,
  removeScratch,
  scratchLog,
} from './follow-lab.js';

const HOST = 'servera';

let lab: Awaited<ReturnType<typeof labTransports>>;
let t: Transport;
const made: string[] = [];

beforeAll(async () => {
  lab = await labTransports();
  t = lab.get(HOST);
});
afterAll(async () => {
  for (const dir of made) await removeScratch(t, dir);
  await lab.close();
});

async function until(check: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
}

describe('followFiles leaves no reader on the host', () => {
  it('after stop()', async () => {
    const { dir, path } = await scratchLog(t);
    made.push(dir);
    const lines: RawLine[] = [];
    const follower = followFiles(t, [{ host: HOST, source: 'test', kind: 'syslog', path }], (l) => lines.push(...l), {
      fromStart: true,
    });
    await until(() => lines.length > 0, 10_000);
    expect(lines.map((l) => l.text)).toEqual(['start']);
    expect((await processesNaming(t, dir)).length).toBeGreaterThan(0);
    const stopped = Date.now();
    follower.stop();
    await follower.done;
    expect(await readersLeftAfter(t, dir, 5000)).toEqual([]);
    expect(Date.now() - stopped).toBeLessThan(5000);
  });

  it('after its process is killed with SIGKILL (the connection closes with it)', async () => {
    const { dir, path } = await scratchLog(t);
    made.push(dir);
    const child = spawn(process.execPath, [compileFollowChild(), LAB_CONFIG, HOST, path], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise((r) => child.once('exit', r));
    await until(() => out.includes('start\n'), 20_000);
    expect(out).toBe('start\n');
    expect((await processesNaming(t, dir)).length).toBeGreaterThan(0);
    const killed = Date.now();
    child.kill('SIGKILL');
    await exited;
    expect(await readersLeftAfter(t, dir, 5000)).toEqual([]);
    expect(Date.now() - killed).toBeLessThan(5500);
  }, 60_000);

  it('after its transport is closed (what oxdoctor does on exit and on Ctrl-C), without stop()', async () => {
    const own = await labTransports();
    const closing = own.get(HOST);
    const { dir, path } = await scratchLog(closing);
    made.push(dir);
    const lines: RawLine[] = [];
    const follower = followFiles(
      closing,
      [{ host: HOST, source: 'test', kind: 'syslog', path }],
      (l) => lines.push(...l),
      {
        fromStart: true,
      },
    );
    await until(() => lines.length > 0, 10_000);
    expect((await processesNaming(t, dir)).length).toBeGreaterThan(0);
    const closedAt = Date.now();
    await own.close();
    await follower.done;
    expect(await readersLeftAfter(t, dir, 5000)).toEqual([]);
    expect(Date.now() - closedAt).toBeLessThan(5500);
  });

  it('after its SSH connection is cut under it (the socket closed), and says so', async () => {
    const own = await labTransports(); // a connection of its own, to cut
    const cut = own.get(HOST);
    try {
      const { dir, path } = await scratchLog(cut);
      made.push(dir);
      const lines: RawLine[] = [];
      const errors: string[] = [];
      const follower = followFiles(
        cut,
        [{ host: HOST, source: 'test', kind: 'syslog', path }],
        (l) => lines.push(...l),
        { fromStart: true, onError: (e) => errors.push(e.message) },
      );
      await until(() => lines.length > 0, 10_000);
      expect((await processesNaming(t, dir)).length).toBeGreaterThan(0);
      const client = (cut as unknown as { live: { client: Client } | null }).live?.client;
      (client as unknown as { _sock: { destroy(): void } })._sock.destroy();
      const cutAt = Date.now();
      await follower.done;
      expect(errors.join('\n')).toMatch(/servera: the log reader (was cut off|ended)/);
      expect(await readersLeftAfter(t, dir, 5000)).toEqual([]);
      expect(Date.now() - cutAt).toBeLessThan(5500);
    } finally {
      await own.close();
    }
  });
});
