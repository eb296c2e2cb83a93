// A host lost while `oxdoctor bundle` runs: server B's sshd stops answering (its packets dropped on this machine's
// loopback, test/helpers/drop.ts) once the archive has begun; the bundle still ends, complete for relay and
// server A, server B's failure in the manifest as an error entry, the bundle marked partial and the exit code
// saying so. Also a host dead from the start. The drop rule is removed afterwards.
import { rmSync, statSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Manifest } from '../../src/bundle/manifest.js';
import type { Ran } from '../cli/build.js';
import { canDrop, dropPackets } from '../helpers/drop.js';
import { LAB_ADDRESSES } from '../lab/lab.js';
import { runBundle, unpack, type BundleRun } from './command-run.js';

const HOSTS = ['--host', 'relay', '--host', 'servera', '--host', 'serverb'];
const runs: BundleRun[] = [];
let undo: (() => void) | undefined;

afterEach(() => {
  undo?.();
  undo = undefined;
  for (const r of runs.splice(0)) rmSync(r.dir, { recursive: true, force: true });
});

const sizeOf = (path: string): number => {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
};
const dropServerB = (): void => {
  undo = dropPackets(LAB_ADDRESSES.serverb, 22);
};

function expectPartial(run: BundleRun, manifest: Manifest): void {
  // the exit code says partial: 1 (0 complete, 3 a usage error)
  expect(run.ran.code, run.ran.stderr.slice(0, 2000)).toBe(1);
  expect(manifest.partial).toBe(true);
  const b = manifest.hosts.find((h) => h.name === 'serverb');
  expect(b?.status, 'serverb').not.toBe('complete');
  expect(b?.errors).toBeGreaterThan(0);
  const errors = manifest.items.filter((i) => i.host === 'serverb' && i.error !== undefined);
  expect(errors.length, 'an error entry for serverb').toBeGreaterThan(0);
  for (const e of errors) expect(e.error).toMatch(/\S/);
  for (const name of ['relay', 'servera']) {
    expect(manifest.hosts.find((h) => h.name === name)?.status, name).toBe('complete');
    const mainCf = manifest.items.find((i) => i.host === name && i.path === '/etc/postfix/main.cf');
    expect(mainCf?.archivePath, `${name}: main.cf`).toBeDefined();
  }
  expect(`${run.ran.stdout}${run.ran.stderr}`).toMatch(/serverb/);
}

describe.runIf(canDrop)('oxdoctor bundle with server B lost', () => {
  it('lost mid-run: a partial bundle, its error in the manifest, the exit code saying so', async () => {
    let endedFirst = false;
    const run = await runBundle(HOSTS, async (archive: string, ended: Promise<Ran>) => {
      let done = false;
      void ended.then(() => (done = true));
      // the archive has items (it is streamed as collected): now server B goes silent
      while (!done && sizeOf(archive) < 32 * 1024) await new Promise((r) => setTimeout(r, 20));
      endedFirst = done;
      if (!done) dropServerB();
    });
    runs.push(run);
    expect(endedFirst, 'the bundle ended before it wrote anything').toBe(false);
    const manifest = unpack(run).manifest;
    expectPartial(run, manifest);
    // the loss came mid-run: server B had items collected before it
    expect(manifest.items.some((i) => i.host === 'serverb' && i.archivePath !== undefined)).toBe(true);
  }, 240_000);

  it('dead from the start: a partial bundle with a host entry for it', async () => {
    dropServerB();
    const run = await runBundle(HOSTS);
    runs.push(run);
    const manifest = unpack(run).manifest;
    expectPartial(run, manifest);
    expect(manifest.items.find((i) => i.host === 'serverb' && i.kind === 'host')?.error).toMatch(/\S/);
  }, 240_000);
});
