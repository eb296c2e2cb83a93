// A real clamd with a two-signature database (EICAR and a test string) on 127.0.0.1:<free port>.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, removeDir, startProcess, stopProcess, tempDir, readyOrCleanup, type Daemon } from './process.js';

export async function startClamd(): Promise<Daemon & { socketPath: string }> {
  const dir = tempDir('clamd');
  const db = join(dir, 'db');
  mkdirSync(db);
  // Body signatures (.ndb): name:target:offset:hex. Hex of the EICAR string head and of a marker.
  const eicarHead = Buffer.from('X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!').toString('hex');
  const marker = Buffer.from('OXDOCTOR-CLAMD-TEST-STRING').toString('hex');
  writeFileSync(join(db, 'oxdoctor.ndb'), `Oxdoctor.Eicar:0:*:${eicarHead}\nOxdoctor.Marker:0:*:${marker}\n`);
  const port = await freePort();
  const socketPath = join(dir, 'clamd.sock');
  writeFileSync(
    join(dir, 'clamd.conf'),
    [
      'Foreground yes',
      `DatabaseDirectory ${db}`,
      `LocalSocket ${socketPath}`,
      `TCPSocket ${port}`,
      'TCPAddr 127.0.0.1',
      `LogFile ${join(dir, 'clamd.log')}`,
      `PidFile ${join(dir, 'clamd.pid')}`,
      'User root',
      '',
    ].join('\n'),
  );
  const started = startProcess('/usr/sbin/clamd', ['-c', join(dir, 'clamd.conf')], { dir });
  await readyOrCleanup(port, started, dir, 60_000);
  return {
    port,
    dir,
    socketPath,
    stop: async () => {
      await stopProcess(started.child);
      removeDir(dir);
    },
  };
}
