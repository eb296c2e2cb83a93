// This machine's real amavisd (2.13) run privately: its own config, home and ports, and in a private mount
// namespace a tmpfs /dev whose /dev/log is a socat datagram reader, so its syslog lines (where amavisd splits
// long lines at 980 characters) land in a file of the test. The test is the MTA on both sides: it speaks SMTP
// with XFORWARD (IDENT = the postfix queue id) to amavisd and answers the re-injection "queued as" as postfix
// would. Nothing of the host's syslog or the lab is used.
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AMAVIS_PROGRAM, parseAmavisMessage } from '../../src/logs/amavis.js';
import { joinAmavisParts } from '../../src/logs/amavis-join.js';

const AMAVISD = '/usr/sbin/amavisd';
const usable = existsSync(AMAVISD) && existsSync('/usr/bin/socat') && existsSync('/usr/bin/unshare') && isRoot();

function isRoot(): boolean {
  return userInfo().uid === 0;
}

function amavisIds(): { uid: number; gid: number } | undefined {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('amavis:'));
  if (!line) return undefined;
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

// The re-injection listener: accepts everything, answers DATA as postfix does.
function sink(queuedAs: string): net.Server {
  return net.createServer((s) => {
    s.write('220 sink ESMTP\r\n');
    let buf = '';
    let data = false;
    s.on('data', (b: Buffer) => {
      buf += b.toString();
      for (let i = buf.indexOf('\r\n'); i >= 0; i = buf.indexOf('\r\n')) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 2);
        if (data) {
          if (line === '.') {
            data = false;
            s.write(`250 2.0.0 Ok: queued as ${queuedAs}\r\n`);
          }
        } else if (/^EHLO/i.test(line)) s.write('250-sink\r\n250 PIPELINING\r\n');
        else if (/^DATA/i.test(line)) {
          data = true;
          s.write('354 go ahead\r\n');
        } else if (/^QUIT/i.test(line)) s.end('221 bye\r\n');
        else s.write('250 2.0.0 Ok\r\n');
      }
    });
  });
}

// One SMTP dialogue as postfix's smtp client to a content filter; returns the final reply to DATA.
async function submit(port: number, rcpts: string[], queueId: string, messageId: string): Promise<string> {
  const c = net.connect(port, '127.0.0.1');
  let inbuf = '';
  c.on('data', (b: Buffer) => (inbuf += b.toString()));
  const reply = async (): Promise<string> => {
    for (let i = 0; i < 1000 && !/(^|\n)\d{3} [^\n]*\r\n$/.test(inbuf); i++)
      await new Promise((r) => setTimeout(r, 10));
    const r = inbuf;
    inbuf = '';
    return r;
  };
  const say = async (line: string): Promise<string> => {
    c.write(`${line}\r\n`);
    return reply();
  };
  await reply();
  await say('EHLO oxmail.example.com');
  await say(`XFORWARD NAME=exchange.example.com ADDR=172.18.16.30 PORT=48812 IDENT=${queueId} SOURCE=REMOTE`);
  await say('MAIL FROM:<a.sender@example.com>');
  for (const r of rcpts) await say(`RCPT TO:<${r}>`);
  await say('DATA');
  const headers = [
    'Date: Mon, 07 Dec 2026 00:00:00 +0000',
    'From: a.sender@example.com',
    'To: team@example.com',
    'Subject: oxdoctor amavis parse test',
    `Message-ID: <${messageId}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=us-ascii',
  ];
  const done = await say(`${headers.join('\r\n')}\r\n\r\nhello\r\n.`);
  await say('QUIT');
  c.destroy();
  return done;
}

describe.skipIf(!usable || !amavisIds())('the real amavisd of this machine, its syslog lines', () => {
  const dir = mkdtempSync(`${tmpdir()}/amavisd-`);
  const home = `${dir}/home`;
  const syslogFile = `${dir}/syslog.out`;
  let daemon: ChildProcess | undefined;
  let filterPort = 0;
  let reinject: net.Server | undefined;

  beforeAll(async () => {
    const ids = amavisIds()!;
    filterPort = await freePort();
    reinject = sink('4B2C3D4E5F');
    await new Promise<void>((r) => reinject!.listen(0, '127.0.0.1', r));
    const sinkPort = (reinject.address() as net.AddressInfo).port;
    for (const d of ['tmp', 'db', 'var']) mkdirSync(`${home}/${d}`, { recursive: true });
    for (const d of [home, `${home}/tmp`, `${home}/db`, `${home}/var`]) chownSync(d, ids.uid, ids.gid);
    chmodSync(dir, 0o755); // amavisd reads its config as the amavis user and refuses a writable config dir
    const conf = [
      "$daemon_user = 'amavis'; $daemon_group = 'amavis';",
      `$MYHOME = '${home}'; $TEMPBASE = '${home}/tmp'; $db_home = '${home}/db'; $helpers_home = '${home}/var';`,
      `$pid_file = '${home}/amavisd.pid'; $lock_file = '${home}/amavisd.lock';`,
      "$myhostname = 'oxmail.example.com'; $mydomain = 'example.com';",
      "@local_domains_maps = (['.example.com']);",
      `$inet_socket_bind = '127.0.0.1'; $inet_socket_port = ${filterPort};`,
      `$forward_method = 'smtp:[127.0.0.1]:${sinkPort}'; $notify_method = $forward_method;`,
      '@bypass_virus_checks_maps = (1); @bypass_spam_checks_maps = (1); @av_scanners = (); @av_scanners_backup = ();',
      '$enable_dkim_verification = 0; $enable_dkim_signing = 0; $enable_db = 0;',
      "$do_syslog = 1; $syslog_facility = 'mail'; $log_level = 0; $max_servers = 1;",
      '1;',
    ];
    writeFileSync(`${dir}/amavisd.conf`, `${conf.join('\n')}\n`, { mode: 0o644 });
    const script = [
      'mount -t tmpfs none /dev',
      'mknod -m 666 /dev/null c 1 3; mknod -m 666 /dev/zero c 1 5',
      'mknod -m 666 /dev/random c 1 8; mknod -m 666 /dev/urandom c 1 9',
      `socat -u UNIX-RECV:/dev/log,mode=666 OPEN:${syslogFile},creat,append & echo $! > ${dir}/socat.pid`,
      'sleep 0.3',
      `exec ${AMAVISD} -c ${dir}/amavisd.conf foreground`,
    ].join('\n');
    daemon = spawn('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script], {
      stdio: 'ignore',
      detached: true, // its own process group: nothing amavisd signals on exit reaches the test runner
    });
    for (let i = 0; i < 300; i++) {
      const up = await new Promise<boolean>((r) => {
        const c = net.connect(filterPort, '127.0.0.1', () => r(true)).on('error', () => r(false));
        c.on('connect', () => c.destroy());
      });
      if (up) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('amavisd did not start listening in 30 s');
  }, 60_000);

  afterAll(async () => {
    if (daemon?.pid !== undefined && daemon.exitCode === null) {
      const exited = new Promise((r) => daemon!.on('exit', r));
      daemon.kill('SIGTERM');
      await exited;
    }
    // socat's pid as the script wrote it; it reads in the namespace only, so it is ended by its own id
    if (existsSync(`${dir}/socat.pid`)) {
      const pid = Number(readFileSync(`${dir}/socat.pid`, 'utf8'));
      if (pid > 0) {
        try {
          process.kill(pid, 'SIGTERM');
        } catch {
          // already gone with the namespace
        }
      }
    }
    reinject?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a message to 40 recipients: the verdict line split at 980 chars joins back and parses whole', async () => {
    const rcpts = Array.from({ length: 40 }, (_, i) => `some.rather.long.recipient.name${i}@example.com`);
    const reply = await submit(filterPort, rcpts, '3F1A2B4C5D', 'oxdoctor.amavis.1@example.com');
    expect(reply).toMatch(/queued as 4B2C3D4E5F/);
    let lines: Array<{ pid: number; message: string; raw: string }> = [];
    for (let i = 0; i < 50; i++) {
      // datagrams arrive without newlines: each record starts with its <PRI>
      const records = existsSync(syslogFile) ? readFileSync(syslogFile, 'utf8').split(/(?=<\d{1,3}>)/) : [];
      lines = records
        .map((raw) => ({ raw, m: /^<\d+>\w{3} [ \d]\d \d\d:\d\d:\d\d (\S+)\[(\d+)\]: (.*)$/s.exec(raw) }))
        .filter((r) => r.m && AMAVIS_PROGRAM.test(r.m[1]!))
        .map((r) => ({ pid: Number(r.m![2]), message: r.m![3]!, raw: r.raw }));
      if (lines.some((l) => l.message.includes(', 0/0/0/0') && l.message.includes('name39@'))) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const parts = lines.filter((l) => /\.\.\.$/.test(l.message) || /^\(\S+\) \.\.\./.test(l.message));
    expect(parts.length).toBe(3); // 1015 + 1015 + the rest, as amavisd wrote them
    const joined = joinAmavisParts(lines);
    const parsed = joined.map((l) => parseAmavisMessage(l.message));
    expect(joined.filter((_, i) => !parsed[i]).map((l) => l.message)).toEqual([]);
    const verdict = parsed.find((p) => p?.fields.queue_id === '3F1A2B4C5D')!;
    expect(verdict).toMatchObject({
      queueId: '3F1A2B4C5D',
      kind: 'passed',
      fields: {
        action: 'Passed',
        verdict: 'CLEAN',
        policy: 'RelayedInbound',
        client_ip: '172.18.16.30',
        client_port: '48812',
        from: 'a.sender@example.com',
        'message-id': 'oxdoctor.amavis.1@example.com',
        hits: '-',
        queued_as: '4B2C3D4E5F',
      },
    });
    expect(verdict.fields.to!.split(',')).toEqual(rcpts);
    expect(Number(verdict.fields.elapsed_ms)).toBeGreaterThan(0);
  }, 60_000);
});
