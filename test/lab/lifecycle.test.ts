import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { LAB_ADDRESSES, LAB_DIR, labDown, labPaths, labStatus, labUp, runLab } from './lab.js';
import { tcpOpen } from './probes.js';

const labPids = async (state: string): Promise<string[]> => {
  const dir = path.join(state, 'hosts/ad/run');
  return Promise.all(
    ['slapd/slapd.pid', 'krb5kdc.pid'].map(async (f) => (await readFile(path.join(dir, f), 'utf8')).trim()),
  );
};

// Listening TCP sockets on the lab's addresses (from /proc/net/tcp: state 0A, addresses in hex).
const labListeners = async (): Promise<string[]> => {
  const hex = new Set(
    Object.values(LAB_ADDRESSES).map((a) =>
      a
        .split('.')
        .reverse()
        .map((o) => Number(o).toString(16).padStart(2, '0'))
        .join('')
        .toUpperCase(),
    ),
  );
  const lines = (await readFile('/proc/net/tcp', 'utf8')).split('\n').slice(1);
  return lines.filter((l) => {
    const f = l.trim().split(/\s+/);
    return f[3] === '0A' && hex.has((f[1] ?? '').split(':')[0] ?? '');
  });
};

describe('lab lifecycle', () => {
  it('`up` on a running lab is a no-op: every daemon keeps its pid', async () => {
    const { state } = await labPaths();
    const before = await labPids(state);
    const started = Date.now();
    await labUp();
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(await labPids(state)).toEqual(before);
    expect((await labStatus()).healthy).toBe(true);
  });

  it('`down` leaves no lab process or listener behind, and `up` brings everything back', async () => {
    const { state } = await labPaths();
    await labDown();
    try {
      expect(await labListeners()).toEqual([]);
      expect((await readdir(path.join(state, 'ns'))).filter((f) => f.endsWith('.pid'))).toEqual([]);
      const status = await runLab(['status']);
      expect(status.stdout).toMatch(/^relay\s+-\s+down \(no namespace\)$/m);
    } finally {
      await labUp();
    }
    expect((await labStatus()).healthy).toBe(true);
    expect(await tcpOpen(LAB_ADDRESSES.relay, 25)).toBe(true);
  });
});

// Issue 13: a second copy of the project (under /tmp, which every lab host replaces with its own) sees the lab
// the first one started as healthy, drives it, and finds itself inside the hosts at its own path.
describe('a second clone of the project', () => {
  it('sees the running lab as up, `up` is a no-op, and its files are visible inside a host', async () => {
    const clone = await mkdtemp('/tmp/oxdoctor-second-clone-');
    try {
      await cp(LAB_DIR, path.join(clone, 'test/lab'), { recursive: true });
      const lab = (...args: string[]) =>
        promisify(execFile)('bash', [path.join(clone, 'test/lab/lab.sh'), ...args], { encoding: 'utf8' }).then(
          (r) => ({ code: 0, ...r }),
          (e: { code: number; stdout: string; stderr: string }) => e,
        );
      const status = await lab('status');
      expect(status.stdout).not.toMatch(/DOWN|down/);
      expect(status.code).toBe(0);
      expect((await lab('up')).code).toBe(0);
      const inside = await lab('exec', 'servera', '--', 'test', '-f', path.join(clone, 'test/lab/lib/run-service.sh'));
      expect(inside.code).toBe(0);
    } finally {
      await rm(clone, { recursive: true, force: true });
    }
  });
});
