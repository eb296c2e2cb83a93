// The binary against the lab's real hosts over SSH (skipped when the lab is not up):
// every lab host answers host/ssh, and a host that is not there costs nothing to the others.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, runCli, type Built } from './build.js';

const STATE = process.env.OXDOCTOR_LAB_STATE ?? '/var/tmp/oxdoctor-lab';
const KEY = join(STATE, 'ssh', 'id_ed25519');
const KNOWN_HOSTS = join(STATE, 'ssh', 'known_hosts');
const HOSTS = { relay: '127.0.10.1', servera: '127.0.10.2', serverb: '127.0.10.4' } as const;

function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port, timeout: 1000 });
    const done = (up: boolean) => (s.destroy(), resolve(up));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
    s.once('timeout', () => done(false));
  });
}

const labUp = existsSync(KEY) && existsSync(KNOWN_HOSTS) && (await accepts(HOSTS.relay, 22));

let built: Built;
let dir: string;
let config: string;

beforeAll(async () => {
  if (!labUp) return;
  built = await buildCli();
  dir = mkdtempSync(join(tmpdir(), 'oxdoctor-cli-lab-'));
  config = join(dir, 'lab.yaml');
  const ssh = `{ user: root, identityFile: ${KEY}, knownHosts: ${KNOWN_HOSTS}, connectTimeoutMs: 5000 }`;
  writeFileSync(
    config,
    [
      'site: Lab',
      'hosts:',
      ...Object.entries(HOSTS).map(
        ([name, address]) => `  ${name}: { address: ${address}, roles: [relay], ssh: ${ssh} }`,
      ),
      // Nothing listens there: the connection is refused at once.
      `  gone: { address: 127.0.10.99, roles: [relay], ssh: ${ssh} }`,
      '',
    ].join('\n'),
  );
}, 180_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!labUp)('oxdoctor check against the lab', () => {
  it('reaches every lab host over SSH and reports a missing host without delaying the rest', async () => {
    const r = await runCli(
      built.bin,
      ['check', '--config', config, '--check', 'host', '--format', 'json', '--verbose'],
      { env: { HOME: dir } },
    );
    const doc = JSON.parse(r.stdout);
    const status = (key: string) =>
      doc.results.find((x: { check: string; host: string }) => `${x.check}@${x.host}` === key);
    for (const name of Object.keys(HOSTS)) {
      expect(status(`host/ssh@${name}`)).toMatchObject({ status: 'ok' });
      expect(status(`host/ssh@${name}`).summary).toMatch(/^connected to \w+ with a known host key/);
    }
    expect(status('host/ssh@gone').status).toBe('crit');
    expect(status('host/clock@gone')).toMatchObject({
      status: 'unknown',
      summary: 'not run: gone unreachable (see host/ssh)',
    });
    expect(r.code).toBe(doc.exitCode);
    // --verbose accounts for every check; how long the sweep takes is the benchmarks' business
    // (test/bench/sweep.ts, lab-sweep.ts), not a test's.
    const sweep = /(\d+) checks ran \(slowest (\d+) ms\) in (\d+) ms/.exec(r.stderr);
    expect(sweep).not.toBeNull();
    expect(Number(sweep![1])).toBe(12);
  });
});
