// The lab from TypeScript: tests bring it up, inject faults and run commands on its hosts through lab.sh.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const LAB_DIR = path.dirname(fileURLToPath(import.meta.url));
const LAB_SH = path.join(LAB_DIR, 'lab.sh');

export type LabHost = 'relay' | 'servera' | 'servera2' | 'serverb' | 'ad' | 'exchange';

export const LAB_ADDRESSES: Readonly<Record<LabHost, string>> = {
  relay: '127.0.10.1',
  servera: '127.0.10.2',
  servera2: '127.0.10.3',
  serverb: '127.0.10.4',
  ad: '127.0.10.10',
  exchange: '127.0.10.20',
};

export interface LabRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface LabFault {
  readonly name: string;
  readonly checks: readonly string[];
  readonly about: string;
}

export interface LabPaths {
  readonly state: string;
  readonly sshKey: string;
  readonly knownHosts: string;
  readonly secrets: string;
}

// Runs lab.sh with an argv array; never throws for a non-zero exit.
export function runLab(args: readonly string[], opts: { stdin?: string; timeoutMs?: number } = {}): Promise<LabRun> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'bash',
      [LAB_SH, ...args],
      { timeout: opts.timeoutMs ?? 180_000, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          reject(new Error(`lab.sh ${args.join(' ')}: ${error.message}\n${stderr}`));
          return;
        }
        resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
      },
    );
    // A child that exits without reading its stdin makes this write fail with EPIPE: not an error here.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(opts.stdin ?? '');
  });
}

async function mustRun(args: readonly string[], opts?: { stdin?: string; timeoutMs?: number }): Promise<LabRun> {
  const run = await runLab(args, opts);
  if (run.code !== 0) throw new Error(`lab.sh ${args.join(' ')} exited ${run.code}\n${run.stderr}${run.stdout}`);
  return run;
}

export async function labUp(): Promise<void> {
  await mustRun(['up'], { timeoutMs: 300_000 });
}

export async function labDown(): Promise<void> {
  await mustRun(['down']);
}

// One entry per host/service line of `lab.sh status`; healthy when every line says ok (or has no module).
export async function labStatus(): Promise<{ healthy: boolean; lines: readonly string[] }> {
  const run = await runLab(['status']);
  return { healthy: run.code === 0, lines: run.stdout.split('\n').filter((l) => l.trim() !== '') };
}

export async function breakFault(name: string): Promise<void> {
  await mustRun(['break', name]);
}

export async function healFault(name: string): Promise<void> {
  await mustRun(['heal', name]);
}

export async function listFaults(): Promise<readonly LabFault[]> {
  const run = await mustRun(['faults']);
  return run.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((line) => {
      const [name = '', checks = '', about = ''] = line.split('\t');
      return { name, checks: checks.split(',').filter((c) => c !== ''), about };
    });
}

// Runs argv inside a host's namespace (as root, with the host's own view of its files).
export function labExec(host: LabHost, argv: readonly string[], opts: { stdin?: string } = {}): Promise<LabRun> {
  return runLab(['exec', host, '--', ...argv], opts);
}

export async function labPaths(): Promise<LabPaths> {
  const run = await mustRun(['paths']);
  const map = new Map(run.stdout.split('\n').map((l) => l.split('\t') as [string, string]));
  const get = (k: string): string => {
    const v = map.get(k);
    if (v === undefined) throw new Error(`lab.sh paths: no ${k}`);
    return v;
  };
  return { state: get('state'), sshKey: get('sshKey'), knownHosts: get('knownHosts'), secrets: get('secrets') };
}
