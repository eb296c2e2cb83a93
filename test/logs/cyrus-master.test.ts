// This machine's real Cyrus IMAP (3.6) run privately: its own imapd.conf, spool, sockets and port, the master
// in a private mount namespace whose tmpfs /dev has a socat reader as /dev/log, so cyrus's syslog lines land in
// a file of the test. The test logs in with wrong passwords over IMAP and talks LMTP to lmtpd's unix socket
// (preauthenticated, as postfix's lmtp client is); every line cyrus writes must parse. Nothing shared is used.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CYRUS_PROGRAM, parseCyrusMessage } from '../../src/logs/cyrus.js';

const MASTER = '/usr/lib/cyrus/bin/master';
const usable =
  existsSync(MASTER) && existsSync('/usr/bin/socat') && existsSync('/usr/bin/unshare') && userInfo().uid === 0;

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

function session(opts: net.NetConnectOpts) {
  const c = net.connect(opts);
  let buf = '';
  c.on('data', (b: Buffer) => (buf += b.toString()));
  const wait = async (re: RegExp): Promise<string> => {
    for (let i = 0; i < 500 && !re.test(buf); i++) await new Promise((r) => setTimeout(r, 10));
    const out = buf;
    buf = '';
    return out;
  };
  return { c, wait, send: (line: string) => c.write(`${line}\r\n`) };
}

describe.skipIf(!usable)('the real cyrus master, imapd and lmtpd of this machine, their syslog lines', () => {
  const dir = mkdtempSync(`${tmpdir()}/cyrus-`);
  const syslogFile = `${dir}/syslog.out`;
  let master: ChildProcess | undefined;
  let port = 0;

  beforeAll(async () => {
    port = await freePort();
    chmodSync(dir, 0o755);
    for (const d of ['conf', 'spool', 'socket']) mkdirSync(`${dir}/${d}`);
    const conf = [
      `configdirectory: ${dir}/conf`,
      `partition-default: ${dir}/spool`,
      'admins: cyrus',
      'servername: oxmail.example.com',
      'sasl_pwcheck_method: auxprop',
      'sasl_auxprop_plugin: sasldb',
      `sasl_sasldb_path: ${dir}/sasldb2`,
      'allowplaintext: yes',
      'syslog_prefix: cyrus',
      'auditlog: yes',
      `lmtpsocket: ${dir}/socket/lmtp`,
      `idlesocket: ${dir}/socket/idle`,
      `notifysocket: ${dir}/socket/notify`,
    ];
    writeFileSync(`${dir}/imapd.conf`, `${conf.join('\n')}\n`);
    const services = [
      'START {',
      '  recover cmd="ctl_cyrusdb -r"',
      '}',
      'SERVICES {',
      `  imap cmd="imapd" listen="127.0.0.1:${port}" prefork=0`,
      `  lmtpunix cmd="lmtpd" listen="${dir}/socket/lmtp" prefork=0`,
      '}',
      'EVENTS {',
      '}',
    ];
    writeFileSync(`${dir}/cyrus.conf`, `${services.join('\n')}\n`);
    spawnSync('chown', ['-R', 'cyrus:mail', `${dir}/conf`, `${dir}/spool`, `${dir}/socket`]);
    const script = [
      'mount -t tmpfs none /dev',
      'mknod -m 666 /dev/null c 1 3; mknod -m 666 /dev/zero c 1 5',
      'mknod -m 666 /dev/random c 1 8; mknod -m 666 /dev/urandom c 1 9',
      `socat -u UNIX-RECV:/dev/log,mode=666 OPEN:${syslogFile},creat,append & echo $! > ${dir}/socat.pid`,
      'sleep 0.3',
      `exec ${MASTER} -C ${dir}/imapd.conf -M ${dir}/cyrus.conf -D -p ${dir}/master.pid`,
    ].join('\n');
    master = spawn('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script], {
      stdio: 'ignore',
      detached: true, // its own process group, whatever the master signals when it ends
    });
    for (let i = 0; i < 200; i++) {
      const up = await new Promise<boolean>((r) => {
        const c = net.connect(port, '127.0.0.1', () => r(true)).on('error', () => r(false));
        c.on('connect', () => c.destroy());
      });
      if (up && existsSync(`${dir}/socket/lmtp`)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('cyrus master did not start in 20 s');
  }, 60_000);

  afterAll(async () => {
    if (master?.pid !== undefined && master.exitCode === null) {
      const exited = new Promise((r) => master!.on('exit', r));
      master.kill('SIGTERM');
      await exited;
    }
    if (existsSync(`${dir}/socat.pid`)) {
      try {
        process.kill(Number(readFileSync(`${dir}/socat.pid`, 'utf8')), 'SIGTERM');
      } catch {
        // already gone with the namespace
      }
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('failed IMAP logins and an LMTP delivery to an unknown mailbox: every cyrus line parses', async () => {
    const imap = session({ port, host: '127.0.0.1' });
    await imap.wait(/\r\n/);
    imap.send('a1 LOGIN jdoe wrong-Pa55word');
    expect(await imap.wait(/^a1 /m)).toMatch(/^a1 NO/m);
    imap.send('a2 LOGOUT');
    await imap.wait(/^a2 /m);
    imap.c.destroy();
    const lmtp = session({ path: `${dir}/socket/lmtp` });
    await lmtp.wait(/\r\n/);
    lmtp.send('LHLO oxmail.example.com');
    await lmtp.wait(/^250 /m);
    lmtp.send('MAIL FROM:<a@example.com>');
    await lmtp.wait(/^\d{3} /m);
    lmtp.send('RCPT TO:<nosuchuser>');
    expect(await lmtp.wait(/^\d{3} /m)).toMatch(/^550 5\.1\.1/m);
    lmtp.send('QUIT');
    await lmtp.wait(/^221/m);
    lmtp.c.destroy();

    let lines: Array<{ program: string; message: string }> = [];
    for (let i = 0; i < 50; i++) {
      const records = existsSync(syslogFile) ? readFileSync(syslogFile, 'utf8').split(/(?=<\d{1,3}>)/) : [];
      lines = records
        .map((raw) => /^<\d+>\w{3} [ \d]\d \d\d:\d\d:\d\d (\S+)\[(\d+)\]: (.*)$/s.exec(raw))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => ({ program: m[1]!, message: m[2] === undefined ? '' : m[3]! }));
      if (lines.some((l) => l.message.startsWith('badlogin:'))) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const ours = lines.filter((l) => CYRUS_PROGRAM.test(l.program));
    expect(ours.length).toBe(lines.length);
    const parsed = ours.map((l) => parseCyrusMessage(l.message));
    expect(ours.filter((_, i) => !parsed[i]).map((l) => `${l.program}: ${l.message}`)).toEqual([]);
    // cyrus 3.x puts the login in parentheses: "badlogin: localhost [127.0.0.1] plaintext (jdoe) [SASL(-13): ...]"
    expect(parsed.find((p) => p!.kind === 'badlogin')).toEqual({
      level: 'warn',
      kind: 'badlogin',
      fields: {
        client_name: 'localhost',
        client_ip: '127.0.0.1',
        mech: 'plaintext',
        user: 'jdoe',
        reason: 'SASL(-13): user not found: checkpass failed',
      },
    });
    expect(lines.map((l) => l.message).join('\n')).not.toContain('wrong-Pa55word');
  }, 60_000);
});
