// A real mariadbd on a temp datadir and 127.0.0.1:<free port>, the stand-in for OX's configdb on 3313.
// With denyLoopback the TCP accounts are dropped and name resolution is off, so a client from
// 127.0.0.1 gets the server's real "Host '127.0.0.1' is not allowed" error packet.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { freePort, removeDir, startProcess, stopProcess, tempDir, readyOrCleanup, type Daemon } from './process.js';

export async function startMariadb(options: { denyLoopback?: boolean } = {}): Promise<Daemon> {
  const dir = tempDir('mariadb');
  const datadir = join(dir, 'data');
  execFileSync(
    'mariadb-install-db',
    [
      '--no-defaults',
      `--datadir=${datadir}`,
      '--user=root',
      '--skip-test-db',
      '--auth-root-authentication-method=normal',
    ],
    {
      stdio: 'pipe',
    },
  );
  const port = await freePort();
  const started = startProcess(
    '/usr/sbin/mariadbd',
    [
      '--no-defaults',
      `--datadir=${datadir}`,
      '--user=root',
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      `--socket=${join(dir, 'mysqld.sock')}`,
      `--pid-file=${join(dir, 'mysqld.pid')}`,
      '--skip-name-resolve',
      '--innodb-buffer-pool-size=8M',
      '--skip-log-bin',
    ],
    { dir },
  );
  await readyOrCleanup(port, started, dir, 30_000);
  if (options.denyLoopback) {
    const sql =
      "DROP USER 'root'@'127.0.0.1'; DROP USER 'root'@'::1'; DELETE FROM mysql.global_priv WHERE host NOT IN ('localhost'); FLUSH PRIVILEGES;";
    execFileSync('mariadb', ['--no-defaults', '-S', join(dir, 'mysqld.sock'), '-uroot', '-e', sql], { stdio: 'pipe' });
  }
  return {
    port,
    dir,
    stop: async () => {
      await stopProcess(started.child, 10_000);
      removeDir(dir);
    },
  };
}
