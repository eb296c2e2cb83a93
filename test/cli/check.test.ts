import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, runCli, REPO, type Built } from './build.js';

// TCP servers that accept and never speak: hung sshds, one per host so each counts its own connections.
interface Silent {
  server: net.Server;
  port: number;
  connections: number;
  sockets: Set<net.Socket>;
}
async function silentServer(): Promise<Silent> {
  const s: Silent = { server: net.createServer(), port: 0, connections: 0, sockets: new Set() };
  s.server.on('connection', (socket) => {
    s.connections++;
    s.sockets.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((r) => s.server.listen(0, '127.0.0.1', r));
  s.port = (s.server.address() as net.AddressInfo).port;
  return s;
}
let dead: Silent;
let ghost: Silent;
let built: Built;
let dir: string;
let config: string;

beforeAll(async () => {
  built = await buildCli();
  dead = await silentServer();
  ghost = await silentServer();
  dir = mkdtempSync(join(tmpdir(), 'oxdoctor-cli-check-'));
  writeFileSync(join(dir, 'known_hosts'), '');
  const ssh = (port: number) =>
    `{ port: ${port}, user: root, knownHosts: ${join(dir, 'known_hosts')}, connectTimeoutMs: 700 }`;
  config = join(dir, 'site.yaml');
  writeFileSync(
    config,
    [
      'site: CLI check test',
      'hosts:',
      '  here: { local: true, roles: [relay] }',
      `  dead: { address: 127.0.0.1, roles: [relay], ssh: ${ssh(dead.port)} }`,
      `  ghost: { address: 127.0.0.1, ssh: ${ssh(ghost.port)} }`,
      '',
    ].join('\n'),
  );
}, 180_000);

afterAll(async () => {
  for (const s of [dead, ghost]) {
    for (const socket of s.sockets) socket.destroy();
    await new Promise<void>((r) => s.server.close(() => r()));
  }
  rmSync(dir, { recursive: true, force: true });
});

const check = (...args: string[]) => runCli(built.bin, ['check', '--config', config, ...args], { env: { HOME: dir } });

describe('oxdoctor check', () => {
  it('prints one JSON document whose exit code is the process exit code', async () => {
    const r = await check('--host', 'here', '--check', 'host', '--format', 'json');
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ version: 1, tool: 'oxdoctor', site: 'CLI check test' });
    expect(r.code).toBe(doc.exitCode);
    expect(doc.results.map((x: { check: string; host: string }) => `${x.check}@${x.host}`)).toEqual([
      'host/ssh@here',
      'host/clock@here',
      'host/disk@here',
    ]);
    expect(doc.results[0]).toMatchObject({ status: 'ok', timedOut: false, hint: null });
  });

  it('prints a nagios status line first', async () => {
    const r = await check('--host', 'here', '--check', 'host/ssh', '--format', 'nagios');
    expect(r).toMatchObject({ code: 0, stdout: 'OXDOCTOR OK - 0 crit, 0 warn, 0 unknown, 1 ok\n', stderr: '' });
  });

  it('prints text without colour when stdout is not a terminal', async () => {
    const r = await check('--host', 'here', '--check', 'host/ssh');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^OK {4}host\/ssh {2}here {2}here is this machine: no SSH needed\n\nOK: 0 crit, 0 warn, 0 unknown, 1 ok - 1 check on 1 host in \d+ ms\n$/,
    );
  });

  it('spends a dead host its connect timeout once and marks its other checks not run', async () => {
    const before = dead.connections;
    const r = await check('--host', 'dead', '--check', 'host', '--format', 'json');
    const doc = JSON.parse(r.stdout);
    expect(r.code).toBe(2);
    const rows = doc.results.map((x: { check: string; status: string; summary: string }) => [
      x.check,
      x.status,
      x.summary,
    ]);
    expect(rows[0][0]).toBe('host/ssh');
    expect(rows[0][1]).toBe('crit');
    expect(rows.slice(1)).toEqual([
      ['host/clock', 'unknown', 'not run: dead unreachable (see host/ssh)'],
      ['host/disk', 'unknown', 'not run: dead unreachable (see host/ssh)'],
    ]);
    expect(dead.connections - before).toBe(1);
    expect(ghost.connections).toBe(0);
    expect(r.ms).toBeLessThan(700 + 1500);
  });

  it('does not connect twice to a host whose roles it failed to discover', async () => {
    const before = ghost.connections;
    const r = await check('--host', 'ghost', '--check', 'host', '--format', 'json');
    const doc = JSON.parse(r.stdout);
    expect(doc.results[0]).toMatchObject({ check: 'host/ssh', status: 'crit' });
    expect(doc.results.slice(1).every((x: { status: string }) => x.status === 'unknown')).toBe(true);
    expect(ghost.connections - before).toBe(1);
  });

  it('says where the time went with --verbose, on stderr', async () => {
    const r = await check('--verbose', '--host', 'here', '--check', 'host/ssh', '--format', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).results).toHaveLength(1);
    expect(r.stderr).toMatch(
      new RegExp(
        `^oxdoctor: config loaded from ${config} in \\d+ ms\noxdoctor: 1 checks ran \\(slowest \\d+ ms\\) in \\d+ ms\n$`,
      ),
    );
  });

  it('does not load ssh2 when every selected host is local', async () => {
    const trace = join(dir, 'loaded.txt');
    const r = await runCli(built.bin, ['check', '--config', config, '--host', 'here', '--check', 'host/ssh'], {
      env: { HOME: dir, OXDOCTOR_TRACE_FILE: trace },
      nodeArgs: ['--import', join(REPO, 'test/cli/trace-loads.mjs')],
    });
    expect(r.code).toBe(0);
    const loaded = readFileSync(trace, 'utf8');
    expect(loaded).toContain('/src/transport/local.js');
    expect(loaded).not.toContain('node_modules/ssh2/');
  });

  it('refuses an unknown host in one line with exit 3', async () => {
    const r = await check('--host', 'serverc');
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      "oxdoctor: unknown host 'serverc'; the config has 'here', 'dead', 'ghost' (use a host name from `oxdoctor config show`)\n",
    );
  });

  it('lists the catalogue as text and as JSON', async () => {
    const text = await runCli(built.bin, ['checks']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^ID +ROLES +TITLE\nhost\/ssh +all +SSH connection\n +proves: /);
    const json = await runCli(built.bin, ['checks', '--format', 'json']);
    const doc = JSON.parse(json.stdout);
    expect(doc.version).toBe(1);
    expect(doc.checks[0]).toMatchObject({ id: 'host/ssh', roles: 'all' });
    for (const c of doc.checks)
      expect(Object.keys(c)).toEqual(['id', 'title', 'roles', 'proves', 'catches', 'misses', 'timeoutMs']);
  });
});
