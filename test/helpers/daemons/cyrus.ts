// A real cyrus-imapd master with imapd, timsieved and lmtpd (TCP and unix socket) on free ports.
import { chmodSync, chownSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { freePort, removeDir, startProcess, stopProcess, tempDir, readyOrCleanup, type Daemon } from './process.js';

export interface Cyrus extends Daemon {
  readonly imapPort: number;
  readonly sievePort: number;
  readonly lmtpPort: number;
  readonly lmtpSocket: string;
}

// `extraConf`: more imapd.conf lines, in place before the first service process reads the file.
export async function startCyrus(extraConf: readonly string[] = [], attempt = 1): Promise<Cyrus> {
  const dir = tempDir('cyrus');
  chmodSync(dir, 0o755);
  const cyrus = Number(execFileSync('id', ['-u', 'cyrus']).toString().trim());
  const mail = Number(execFileSync('id', ['-g', 'cyrus']).toString().trim());
  for (const sub of ['conf', 'conf/db', 'conf/socket', 'conf/proc', 'conf/log', 'spool', 'sieve']) {
    mkdirSync(join(dir, sub), { recursive: true });
    chownSync(join(dir, sub), cyrus, mail);
  }
  const [imapPort, sievePort, lmtpPort] = [await freePort(), await freePort(), await freePort()];
  const lmtpSocket = join(dir, 'conf', 'socket', 'lmtp');
  // master does not hand its -C to the services: without their own -C they would read /etc/imapd.conf.
  const conf = `-C ${join(dir, 'imapd.conf')}`;
  writeFileSync(
    join(dir, 'imapd.conf'),
    [
      `configdirectory: ${dir}/conf`,
      `partition-default: ${dir}/spool`,
      `sievedir: ${dir}/sieve`,
      'servername: imap.example.com',
      'admins: cyrus',
      'unixhierarchysep: yes',
      'sasl_pwcheck_method: auxprop',
      'sasl_auxprop_plugin: sasldb',
      `sasl_sasldb_path: ${dir}/conf/sasldb2`,
      `lmtpsocket: ${lmtpSocket}`,
      `idlesocket: ${dir}/conf/socket/idle`,
      `notifysocket: ${dir}/conf/socket/notify`,
      'syslog_prefix: oxdoctor-test',
      // Plain-text logins without TLS, as the deployment allows.
      'allowplaintext: yes',
      ...extraConf,
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'cyrus.conf'),
    [
      'START {',
      `  recover cmd="ctl_cyrusdb -r ${conf}"`,
      '}',
      'SERVICES {',
      `  imap cmd="imapd ${conf}" listen="127.0.0.1:${imapPort}" prefork=0`,
      `  sieve cmd="timsieved ${conf}" listen="127.0.0.1:${sievePort}" prefork=0`,
      `  lmtp cmd="lmtpd -a ${conf}" listen="127.0.0.1:${lmtpPort}" prefork=0`,
      `  lmtpunix cmd="lmtpd ${conf}" listen="${lmtpSocket}" prefork=0`,
      '}',
      'EVENTS {',
      '}',
      '',
    ].join('\n'),
  );
  const started = startProcess(
    '/usr/lib/cyrus/bin/master',
    ['-C', join(dir, 'imapd.conf'), '-M', join(dir, 'cyrus.conf'), '-p', join(dir, 'master.pid'), '-D'],
    { dir },
  );
  for (const port of [imapPort, sievePort, lmtpPort]) await readyOrCleanup(port, started, dir);
  // A port free when it was picked may be another test file's daemon's by now (files run in parallel): its
  // "ready" answer would be that daemon's, and this file's tests would talk to it. Then start again elsewhere.
  const pid = started.child.pid;
  if ([imapPort, sievePort, lmtpPort].some((port) => !listenerPids(port).includes(pid ?? -1))) {
    await stopProcess(started.child);
    removeDir(dir);
    if (attempt >= 3) throw new Error('cyrus: its ports were taken by other listeners three times');
    return startCyrus(extraConf, attempt + 1);
  }
  return {
    port: imapPort,
    imapPort,
    sievePort,
    lmtpPort,
    lmtpSocket,
    dir,
    stop: async () => {
      await stopProcess(started.child);
      removeDir(dir);
    },
  };
}

// The processes listening on 127.0.0.1:port (ss -ltnp), by pid.
function listenerPids(port: number): number[] {
  const out = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' });
  return [...out.matchAll(/pid=(\d+)/g)].map((m) => Number(m[1]));
}
