// A real slapd with one mdb database and a service account, on 127.0.0.1:<free port>.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, removeDir, startProcess, stopProcess, tempDir, readyOrCleanup, type Daemon } from './process.js';

export const LDAP_BASE = 'dc=ad,dc=example,dc=com';
export const LDAP_BIND_DN = 'cn=oxdoctor,dc=ad,dc=example,dc=com';
export const LDAP_BIND_PW = 'Bind-Pw-9431';

export async function startSlapd(): Promise<Daemon & { url: string }> {
  const dir = tempDir('slapd');
  mkdirSync(join(dir, 'db'));
  const port = await freePort();
  writeFileSync(
    join(dir, 'slapd.conf'),
    [
      'include /etc/ldap/schema/core.schema',
      `pidfile ${dir}/slapd.pid`,
      'modulepath /usr/lib/ldap',
      'moduleload back_mdb',
      'database mdb',
      `suffix "${LDAP_BASE}"`,
      `rootdn "${LDAP_BIND_DN}"`,
      `rootpw ${LDAP_BIND_PW}`,
      `directory ${dir}/db`,
      'maxsize 10485760',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'base.ldif'),
    `dn: ${LDAP_BASE}\nobjectClass: dcObject\nobjectClass: organization\no: AD\ndc: ad\n`,
  );
  execFileSync('slapadd', ['-f', join(dir, 'slapd.conf'), '-l', join(dir, 'base.ldif')], { stdio: 'pipe' });
  const started = startProcess(
    '/usr/sbin/slapd',
    ['-d', '0', '-f', join(dir, 'slapd.conf'), '-h', `ldap://127.0.0.1:${port}/`],
    { dir },
  );
  await readyOrCleanup(port, started, dir);
  return {
    port,
    dir,
    url: `ldap://127.0.0.1:${port}`,
    stop: async () => {
      await stopProcess(started.child);
      removeDir(dir);
    },
  };
}
