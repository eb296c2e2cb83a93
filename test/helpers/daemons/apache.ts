// A real Apache httpd on 127.0.0.1:<free port>: a front page, and /ajax either served (ok)
// or proxied with mod_proxy_ajp to an AJP port where nothing answers (Apache then says 503).
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, removeDir, startProcess, stopProcess, tempDir, readyOrCleanup, type Daemon } from './process.js';

const MODULES = ['mpm_event', 'authz_core', 'alias', 'dir', 'proxy', 'proxy_ajp'];

export async function startApache(options: { ajaxBackendPort?: number } = {}): Promise<Daemon> {
  const dir = tempDir('apache');
  chmodSync(dir, 0o755); // the workers run as www-data
  mkdirSync(join(dir, 'htdocs'));
  mkdirSync(join(dir, 'ajax'));
  writeFileSync(join(dir, 'htdocs', 'index.html'), '<html><body>Open-Xchange</body></html>\n');
  writeFileSync(join(dir, 'ajax', 'index.html'), '{"ajax":"ok"}\n');
  const port = await freePort();
  const ajax =
    options.ajaxBackendPort === undefined
      ? [`Alias /ajax ${dir}/ajax`, `<Directory ${dir}/ajax>`, '  Require all granted', '</Directory>']
      : [`ProxyPass /ajax ajp://127.0.0.1:${options.ajaxBackendPort}/ajax retry=0`];
  writeFileSync(
    join(dir, 'httpd.conf'),
    [
      ...MODULES.map((m) => `LoadModule ${m}_module /usr/lib/apache2/modules/mod_${m}.so`),
      `ServerRoot ${dir}`,
      'ServerName www.example.com',
      `Listen 127.0.0.1:${port}`,
      `PidFile ${dir}/httpd.pid`,
      `ErrorLog ${dir}/error.log`,
      'User www-data',
      'Group www-data',
      `DocumentRoot ${dir}/htdocs`,
      `<Directory ${dir}/htdocs>`,
      '  Require all granted',
      '</Directory>',
      'DirectoryIndex index.html',
      ...ajax,
      '',
    ].join('\n'),
  );
  const started = startProcess('/usr/sbin/apache2', ['-f', join(dir, 'httpd.conf'), '-DFOREGROUND'], { dir });
  await readyOrCleanup(port, started, dir);
  return {
    port,
    dir,
    stop: async () => {
      await stopProcess(started.child);
      removeDir(dir);
    },
  };
}
