// `oxdoctor bundle` on the lab through the built binary, for the bundle's command tests: run it into a temporary
// directory, then read the archive back (entry names, the raw tar stream, the unpacked files, manifest.json).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { Manifest } from '../../src/bundle/manifest.js';
import { buildCli, runCli, type Ran } from '../cli/build.js';

export const LAB_CONFIG = fileURLToPath(new URL('../lab/oxdoctor.yaml', import.meta.url));

export interface BundleRun {
  readonly ran: Ran;
  readonly dir: string; // the temporary directory the archive is written into
  readonly archive: string;
}

// Runs `oxdoctor bundle --output DIR/lab.tar.gz ARGS` with the lab's config; `during` runs while it does (given
// the archive's path and the command's end).
export async function runBundle(
  args: readonly string[],
  during?: (archive: string, ended: Promise<Ran>) => Promise<void>,
): Promise<BundleRun> {
  const { bin } = await buildCli();
  const dir = mkdtempSync(join(tmpdir(), 'oxdoctor-bundle-cmd-'));
  const archive = join(dir, 'lab.tar.gz');
  const child = runCli(bin, ['bundle', '--config', LAB_CONFIG, '--output', archive, ...args]);
  if (during) await during(archive, child);
  return { ran: await child, dir, archive };
}

export interface Unpacked {
  readonly names: readonly string[]; // entry names as tar lists them
  readonly tarText: string; // the whole tar stream (headers, pax records, contents) as latin1
  readonly root: string; // where it was unpacked
  readonly files: readonly string[];
  readonly manifest: Manifest;
}

export function unpack(run: BundleRun): Unpacked {
  const names = execFileSync('tar', ['-tzf', run.archive], { encoding: 'utf8', maxBuffer: 64 << 20 })
    .split('\n')
    .filter((n) => n !== '');
  const tarText = gunzipSync(readFileSync(run.archive)).toString('latin1');
  const root = join(run.dir, 'out');
  mkdirSync(root, { recursive: true });
  execFileSync('tar', ['-xzf', run.archive, '-C', root]);
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
    .map((p) => join(root, p))
    .filter((p) => statSync(p).isFile());
  // manifest.json at the top, or under the archive's one top directory
  const manifestName = names.filter((n) => /^(?:[^/]+\/)?manifest\.json$/.test(n)).sort((a, b) => a.length - b.length);
  if (!manifestName[0]) throw new Error(`no manifest.json among ${names.length} entries`);
  const manifest = JSON.parse(readFileSync(join(root, manifestName[0]), 'utf8')) as Manifest;
  return { names, tarText, root, files, manifest };
}

// The unpacked file an item of the manifest was written to.
export function itemText(u: Unpacked, archivePath: string): string {
  const exact = u.files.find((f) => f.endsWith(`/${archivePath}`));
  if (!exact) throw new Error(`${archivePath} is in the manifest, not in the archive`);
  return readFileSync(exact, 'latin1');
}
