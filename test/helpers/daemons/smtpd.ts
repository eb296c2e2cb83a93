// Real postfix smtpd in stand-alone mode (-S), one process per TCP connection, on 127.0.0.1:<free port>.
// Without master(8) there is no queue; greeting, EHLO and QUIT are the real daemon's bytes.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { removeDir, tempDir, type Daemon } from './process.js';

export async function startSmtpd(
  myhostname = 'relay.example.com',
  extraMainCf: readonly string[] = [],
): Promise<Daemon> {
  const dir = tempDir('smtpd');
  mkdirSync(join(dir, 'etc'));
  mkdirSync(join(dir, 'queue'));
  writeFileSync(
    join(dir, 'etc', 'main.cf'),
    [
      'compatibility_level = 3.6',
      `myhostname = ${myhostname}`,
      `queue_directory = ${dir}/queue`,
      'inet_protocols = ipv4',
      'local_recipient_maps =',
      'alias_maps =',
      ...extraMainCf,
      '',
    ].join('\n'),
  );
  const children = new Set<ChildProcess>();
  const server = createServer((socket) => {
    const child = spawn('/usr/lib/postfix/sbin/smtpd', ['-S'], {
      env: { ...process.env, MAIL_CONFIG: join(dir, 'etc') },
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    children.add(child);
    child.on('exit', () => {
      children.delete(child);
      socket.end();
    });
    child.on('error', () => socket.destroy());
    socket.on('error', () => child.kill());
    socket.on('close', () => child.kill());
    socket.pipe(child.stdin).on('error', () => {});
    child.stdout.pipe(socket);
  });
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      resolve(typeof a === 'object' && a ? a.port : 0);
    }),
  );
  return {
    port,
    dir,
    stop: async () => {
      for (const c of children) c.kill('SIGKILL');
      await new Promise<void>((r) => server.close(() => r()));
      removeDir(dir);
    },
  };
}
