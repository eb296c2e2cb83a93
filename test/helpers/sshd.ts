// Starts a real OpenSSH sshd on 127.0.0.1 for tests: own host key, own client key, log to a file.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { quoteArgv } from '../../src/transport/quote.js';

export const SSHD = '/usr/sbin/sshd';

export interface TestSshd {
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly user: string;
  readonly dir: string;
  readonly clientKeyPath: string;
  readonly hostKeyPath: string;
  readonly knownHostsLine: string; // "[127.0.0.1]:PORT ssh-ed25519 AAAA..."
  readonly knownHostsLines: Readonly<Record<string, string>>; // by key type, when several host keys
  readonly hostKeyFingerprint: string; // SHA256:...
  readonly logPath: string;
  log(): string;
  stop(): Promise<void>;
}

export interface SshdOptions {
  readonly extraConfig?: readonly string[]; // sshd_config lines that override the defaults
  // Host key types, the first one is hostKeyPath; default ed25519 only.
  readonly hostKeyTypes?: readonly ('ed25519' | 'rsa' | 'ecdsa')[];
}

export function sshdAvailable(): boolean {
  return existsSync(SSHD) && existsSync('/usr/bin/ssh-keygen');
}

export async function startSshd(options: SshdOptions = {}): Promise<TestSshd> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'oxdoctor-sshd-'));
  const types = options.hostKeyTypes ?? ['ed25519'];
  const hostKeyPaths = types.map((t) => path.join(dir, `host_${t}`));
  const hostKeyPath = hostKeyPaths[0]!;
  const clientKeyPath = path.join(dir, 'client_ed25519');
  for (const [i, t] of types.entries()) keygen(t, hostKeyPaths[i]!);
  keygen('ed25519', clientKeyPath);
  writeFileSync(path.join(dir, 'authorized_keys'), readFileSync(`${clientKeyPath}.pub`));
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const port = await freePort();
  const logPath = path.join(dir, 'sshd.log');
  // sshd takes the first value of each keyword, so the caller's lines go first and win.
  const config = [
    ...(options.extraConfig ?? []),
    `ListenAddress 127.0.0.1:${port}`,
    ...hostKeyPaths.map((p) => `HostKey ${p}`),
    `PidFile ${path.join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
    'UsePAM no',
    'StrictModes no',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PermitRootLogin prohibit-password',
    'AllowTcpForwarding yes',
    'LogLevel VERBOSE',
    'MaxSessions 10',
  ];
  const configPath = path.join(dir, 'sshd_config');
  writeFileSync(configPath, config.join('\n') + '\n');
  const sshdArgv = [SSHD, '-D', '-e', '-f', configPath, '-E', logPath];
  const child = spawn(...launcher(sshdArgv), { stdio: 'ignore', detached: true });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitForBanner(port, child);
  } catch (err) {
    await kill(child, exited);
    const log = existsSync(logPath) ? readFileSync(logPath, 'utf8') : '';
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`sshd did not start: ${(err as Error).message}\n${log}`, { cause: err });
  }
  const lines: Record<string, string> = {};
  for (const [i, t] of types.entries()) {
    const [keyType, key] = readFileSync(`${hostKeyPaths[i]}.pub`, 'utf8').trim().split(/\s+/);
    lines[t] = `[127.0.0.1]:${port} ${keyType} ${key}`;
  }
  const fingerprint = execFileSync('ssh-keygen', ['-lf', `${hostKeyPath}.pub`], { encoding: 'utf8' }).split(/\s+/)[1]!;
  return {
    host: '127.0.0.1',
    port,
    user: os.userInfo().username,
    dir,
    clientKeyPath,
    hostKeyPath,
    knownHostsLine: lines[types[0]!]!,
    knownHostsLines: lines,
    hostKeyFingerprint: fingerprint,
    logPath,
    log: () => (existsSync(logPath) ? readFileSync(logPath, 'utf8') : ''),
    stop: async () => {
      await kill(child, exited);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// The login shell sshd starts sources the user's startup files (bash: ~/.bashrc for ssh commands).
// A slow or noisy one (this lab's runs `pyenv init`, 200 ms per command) would time and pollute every
// test, so as root sshd runs in a private mount namespace where those files read as empty.
function launcher(argv: readonly string[]): [string, string[]] {
  const home = os.homedir();
  const files = ['.bashrc', '.bash_profile', '.bash_login', '.profile']
    .map((f) => path.join(home, f))
    .filter((f) => existsSync(f));
  if (process.getuid?.() !== 0 || files.length === 0 || !existsSync('/usr/bin/unshare'))
    return [argv[0]!, argv.slice(1)];
  const mounts = files.map((f) => quoteArgv(['mount', '--bind', '/dev/null', f])).join(' && ');
  return [
    '/usr/bin/unshare',
    ['--mount', '--propagation', 'private', 'sh', '-c', `${mounts} && exec "$@"`, 'sh', ...argv],
  ];
}

function keygen(type: string, file: string): void {
  const bits = type === 'rsa' ? ['-b', '2048'] : []; // 3072-bit RSA takes seconds on a loaded machine
  execFileSync('ssh-keygen', ['-q', '-t', type, ...bits, '-N', '', '-C', 'oxdoctor-test', '-f', file], {
    stdio: 'ignore',
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address() as net.AddressInfo;
      srv.close(() => resolve(addr.port));
    });
  });
}

// The port accepting is not enough: wait until sshd sends its version line.
async function waitForBanner(port: number, child: ChildProcess): Promise<void> {
  const until = Date.now() + 10_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`sshd exited with ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.setTimeout(1000, () => (s.destroy(), resolve(false)));
      s.once('data', (d) => (s.destroy(), resolve(d.toString().startsWith('SSH-'))));
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('no SSH banner within 10 s');
}

// Kills sshd's process group (listener and per-connection children) and waits for the listener.
async function kill(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    child.kill('SIGTERM');
  }
  await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}
