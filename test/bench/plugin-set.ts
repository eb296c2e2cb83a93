// The expert monitoring-plugins set (data/plugin-set.json) run as Nagios runs it: every service at once, each its own
// check_by_ssh, so its own SSH connection, login and remote plugin process.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export const PLUGIN_DIR = '/usr/lib/nagios/plugins';

interface PluginEntry {
  readonly check: string;
  readonly hosts: readonly string[];
  readonly command: string;
  readonly covers: string;
}

export interface PluginSet {
  readonly checks: readonly PluginEntry[];
  readonly notCovered: Readonly<Record<string, string>>;
}

export interface PluginTarget {
  readonly address: string;
  readonly port: number;
  readonly user: string;
  readonly identityFile: string;
  readonly knownHosts: string;
}

export interface PluginRun {
  readonly wall: number;
  readonly services: number;
  readonly notOk: readonly string[]; // "check@host rc=N: first line"
}

export function loadPluginSet(): PluginSet {
  return JSON.parse(readFileSync(new URL('../../../test/bench/data/plugin-set.json', import.meta.url), 'utf8'));
}

// One check_by_ssh argv per service (check@host).
export function pluginCommands(
  set: PluginSet,
  targets: ReadonlyMap<string, PluginTarget>,
  adAddress: string,
): { key: string; argv: string[] }[] {
  return set.checks.flatMap((entry) =>
    entry.hosts.flatMap((host) => {
      const t = targets.get(host);
      if (!t) return [];
      const remote = entry.command
        .replaceAll('@P@', PLUGIN_DIR)
        .replaceAll('@ADDR@', t.address)
        .replaceAll('@AD@', adAddress);
      const argv = [
        `${PLUGIN_DIR}/check_by_ssh`,
        ...['-H', t.address, '-p', String(t.port), '-l', t.user, '-i', t.identityFile, '-t', '30'],
        // The lab's known_hosts names the hosts by address; HostKeyAlias keeps that entry valid on another port.
        ...['-o', `UserKnownHostsFile=${t.knownHosts}`, '-o', `HostKeyAlias=${t.address}`],
        ...['-o', 'StrictHostKeyChecking=yes', '-o', 'BatchMode=yes', '-o', 'IdentitiesOnly=yes'],
        ...['-C', remote],
      ];
      return [{ key: `${entry.check}@${host}`, argv }];
    }),
  );
}

export async function runPluginSet(commands: readonly { key: string; argv: string[] }[]): Promise<PluginRun> {
  const started = performance.now();
  const results = await Promise.all(
    commands.map(
      ({ key, argv }) =>
        new Promise<{ key: string; code: number | null; out: string }>((resolve) => {
          const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
          let out = '';
          child.stdout.on('data', (d: Buffer) => (out += d.toString()));
          child.stderr.on('data', (d: Buffer) => (out += d.toString()));
          child.on('error', (err) => resolve({ key, code: null, out: err.message }));
          child.on('close', (code) => resolve({ key, code, out }));
        }),
    ),
  );
  const wall = performance.now() - started;
  const notOk = results
    .filter((r) => r.code !== 0)
    .map((r) => `${r.key} rc=${r.code}: ${r.out.split('\n')[0]!.slice(0, 120)}`);
  return { wall, services: commands.length, notOk };
}
