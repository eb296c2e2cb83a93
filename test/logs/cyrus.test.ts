import { describe, expect, it } from 'vitest';
import { CYRUS_PROGRAM, parseCyrusMessage } from '../../src/logs/cyrus.js';
import { framed, haveCorpus } from './corpus-lines.js';

function coverage(path: string) {
  const lines = framed(path, CYRUS_PROGRAM);
  const parsed = lines.map((l) => parseCyrusMessage(l.message));
  const kinds: Record<string, number> = {};
  for (const p of parsed) if (p) kinds[p.kind!] = (kinds[p.kind!] ?? 0) + 1;
  const unknown = lines.filter((_, i) => !parsed[i]).map((l) => l.message);
  return { lines: lines.length, unknown, kinds, parsed };
}

describe.skipIf(!haveCorpus)('cyrus lines of the corpus', () => {
  it('fail2ban cyrus-imap: 10 failed logins, all parsed', () => {
    const c = coverage('cyrus/fail2ban_cyrus-imap.log');
    expect({ lines: c.lines, unknown: c.unknown, kinds: c.kinds }).toEqual({
      lines: 10,
      unknown: [],
      kinds: { badlogin: 10 },
    });
    expect(c.parsed[0]!.fields).toEqual({
      client_name: 'localhost.localdomain',
      client_ip: '127.0.0.1',
      mech: 'plaintext',
      user: 'cyrus@localdomain',
      reason: 'SASL(-13): authentication failure: checkpass failed',
    });
    expect(c.parsed[4]!.fields).toMatchObject({ client_ip: '198.51.100.45', mech: 'DIGEST-MD5' });
    expect(c.parsed[6]!.fields).toMatchObject({ client_name: 'local-somehost', client_ip: '1.2.3.4', mech: 'OTP' });
    expect(c.parsed[7]!.fields).toMatchObject({ user: 'pressy@derry', mech: 'plain' });
    expect(c.parsed[9]!.fields).toEqual({
      client_ip: '192.0.2.4',
      mech: 'plain',
      reason: 'SASL(-13): authentication failure: Password verification failed',
    });
  });

  it('fail2ban sieve: 3 failed logins, all parsed', () => {
    const c = coverage('cyrus/fail2ban_sieve.log');
    expect({ lines: c.lines, unknown: c.unknown, kinds: c.kinds }).toEqual({
      lines: 3,
      unknown: [],
      kinds: { badlogin: 3 },
    });
    expect(c.parsed[1]!.fields).toEqual({
      client_name: 'example.com',
      client_ip: '1.2.3.4',
      mech: 'PLAIN',
      reason: 'authentication failure',
    });
  });

  it('GitHub issue excerpts: 6 cyrus lines, all parsed (logins with SESSIONID, the IDLE fallback)', () => {
    const c = coverage('cyrus/github_issue_excerpts_cyrus.txt');
    expect({ lines: c.lines, unknown: c.unknown, kinds: c.kinds }).toEqual({
      lines: 6,
      unknown: [],
      kinds: { command: 1, tls: 1, idle: 1, checkpoint: 1, login: 2 },
    });
    expect(c.parsed[4]).toMatchObject({
      kind: 'login',
      fields: {
        client_name: 'frontend1.nyi.internal',
        client_ip: '10.202.2.160',
        user: 'robntest',
        mech: 'plaintext',
        session_id: 'sloti30t15-4101108-1450760746-1-6931901653674999381',
      },
    });
  });

  it('postfix to cyrus lmtp (weak provenance): 37 cyrus lines, all parsed, deliveries with message-id, mailbox', () => {
    const c = coverage('cyrus/postfix_to_cyrus_lmtp_delivery_logs_weak_provenance.txt');
    expect({ lines: c.lines, unknown: c.unknown, kinds: c.kinds }).toEqual({
      lines: 37,
      unknown: [],
      kinds: {
        connect: 2,
        preauth: 2,
        warning: 2,
        duplicate: 6,
        txn: 4,
        delivered: 3,
        open: 1,
        exited: 3,
        master: 6,
        checkpoint: 7,
        usage: 1,
      },
    });
    const delivered = c.parsed.filter((p) => p!.kind === 'delivered');
    expect(delivered[0]!.fields).toEqual({
      'message-id': '20071208000302.662242C06FC@tommy.bostonst.com',
      mailbox: 'user.genesisma',
      user: 'genesisma',
    });
    expect(delivered[2]!.fields).toEqual({
      'message-id': 'cmu-lmtpd-308-1736260509-0@5cc0d9eab3c9',
      mailbox: 'user.bob',
      user: 'bob',
    });
    expect(c.parsed.find((p) => p!.kind === 'exited')!.fields).toEqual({ child_pid: '6480', status: '0' });
  });
});

describe('cyrus trouble lines (cyrus 2.3 and 3.x wording)', () => {
  it('marks IOERROR, DBERROR and fatal errors as errors', () => {
    expect(
      parseCyrusMessage('IOERROR: opening /var/spool/imap/user/bob/cyrus.header: No such file or directory'),
    ).toMatchObject({ level: 'error', kind: 'ioerror' });
    expect(parseCyrusMessage('DBERROR db4: PANIC: fatal region error detected; run recovery')).toMatchObject({
      level: 'error',
      kind: 'dberror',
    });
    expect(parseCyrusMessage("Fatal error: can't write proc file")).toMatchObject({ level: 'error', kind: 'fatal' });
    expect(parseCyrusMessage('process 1234 exited, signaled to death by 11')!.fields).toEqual({
      child_pid: '1234',
      signal: '11',
    });
    expect(parseCyrusMessage('dupelim: eliminated duplicate message to user.bob id <a@b> (delivery)')!.fields).toEqual({
      mailbox: 'user.bob',
      user: 'bob',
      'message-id': 'a@b',
    });
    expect(
      parseCyrusMessage('login: oxmail.example.com [172.18.16.40] jdoe plaintext+TLS User logged in')!.fields,
    ).toMatchObject({ user: 'jdoe', mech: 'plaintext+TLS' });
    expect(parseCyrusMessage('service imap pid 4242 in READY state: terminated abnormally')).toMatchObject({
      level: 'error',
      kind: 'abnormal-exit',
      fields: { service: 'imap', child_pid: '4242', state: 'READY' },
    });
    expect(parseCyrusMessage('Delivered: <a@b> to mailbox: example.com!user/jdoe/Sent')!.fields).toEqual({
      'message-id': 'a@b',
      mailbox: 'example.com!user/jdoe/Sent',
      user: 'jdoe@example.com',
    });
    // The lab's serverb logs the archive's Sent Items copy so: the name holds a space.
    expect(parseCyrusMessage('Delivered: <m@x> to mailbox: user.test1001.Sent Items')!.fields).toMatchObject({
      mailbox: 'user.test1001.Sent Items',
      user: 'test1001',
    });
    expect(parseCyrusMessage('Delivered: <a@b> to mailbox: shared.support')!.fields).toEqual({
      'message-id': 'a@b',
      mailbox: 'shared.support',
    });
    expect(parseCyrusMessage('verify_user(user.nobody) failed: Mailbox does not exist')!.fields).toEqual({
      mailbox: 'user.nobody',
      reason: 'Mailbox does not exist',
    });
    // cyrus 3.x auditlog (imapd.conf auditlog: yes); messageid carries its own <>
    expect(
      parseCyrusMessage(
        'auditlog: append sessionid=<servera-1234-1-1> mailbox=<user.jdoe> uniqueid=<a1b2> uid=<7> modseq=<12> ' +
          'sysflags=<> guid=<0f0e> messageid=<x.1@example.com>',
      ),
    ).toEqual({
      level: 'info',
      kind: 'auditlog',
      fields: {
        event: 'append',
        sessionid: 'servera-1234-1-1',
        mailbox: 'user.jdoe',
        user: 'jdoe',
        uniqueid: 'a1b2',
        uid: '7',
        modseq: '12',
        sysflags: '',
        guid: '0f0e',
        'message-id': 'x.1@example.com',
      },
    });
    expect(parseCyrusMessage('something cyrus never says')).toBeUndefined();
    expect(['cyrus/imap', 'imapd', 'lmtpunix', 'sloti30t15/imap', 'master'].every((p) => CYRUS_PROGRAM.test(p))).toBe(
      true,
    );
    expect(['postfix/master', 'postfix/lmtp', 'amavis'].some((p) => CYRUS_PROGRAM.test(p))).toBe(false);
  });
});

// Lines of the lab's cyrus 3.6 (servera's and serverb's /var/log/maillog), messages as logged.
describe("the lab's cyrus lines", () => {
  it('libsasl failures inside imapd: a wrong password, saslauthd or the keytab out of reach', () => {
    expect(parseCyrusMessage('SASL Password verification failed')).toMatchObject({ kind: 'sasl', level: 'warn' });
    expect(parseCyrusMessage('SASL bad userid authenticated')).toMatchObject({ kind: 'sasl', level: 'warn' });
    expect(parseCyrusMessage('SASL cannot connect to saslauthd server: No such file or directory')).toEqual({
      kind: 'sasl-error',
      level: 'error',
      fields: { reason: 'No such file or directory' },
    });
    const gssapi =
      'SASL GSSAPI Error: No credentials were supplied, or the credentials were unavailable or inaccessible ' +
      "(Key table file '/var/lib/imap/imap.keytab' not found)";
    expect(parseCyrusMessage(gssapi)).toMatchObject({ kind: 'sasl-error', level: 'error' });
  });

  it('sieve runtime errors name the user and the message', () => {
    const m =
      'sieve runtime error for test1001 id <cmu-lmtpd-26719-1796603226-1@serverb.example.com>: Keep: ' +
      'Mailbox does not exist';
    expect(parseCyrusMessage(m)).toEqual({
      kind: 'sieve-error',
      level: 'warn',
      fields: {
        user: 'test1001',
        'message-id': 'cmu-lmtpd-26719-1796603226-1@serverb.example.com',
        reason: 'Keep: Mailbox does not exist',
      },
    });
  });

  it('shutdowns, disconnects and notes are known; ctl_mboxlist is a cyrus program', () => {
    expect(CYRUS_PROGRAM.test('cyrus/ctl_mboxlist')).toBe(true);
    for (const m of [
      'graceful shutdown',
      'attempting clean shutdown on signal',
      'All children have exited, closing down',
    ]) {
      expect(parseCyrusMessage(m)?.kind, m).toBe('shutdown');
    }
    for (const m of ['Lost connection to client -- exiting', 'Connection reset by peer, closing connection']) {
      expect(parseCyrusMessage(m)?.kind, m).toBe('disconnect');
    }
    for (const m of [
      'twoskip: checkpointed /var/lib/imap/mailboxes.db (64 records, 22168 => 12880 bytes) in 0.001 seconds',
      'inittls: Loading hard-coded DH parameters',
      'autocreateinbox: User test1001, INBOX was successfully created',
      'User test1001, Inbox subfolders, created 4, subscribed 4',
      'creating sql_db /var/lib/imap/user/uuid/i/b/ibnw28n69jmhy63fjzzwygmg/dav.db',
      'fetching message (user.test1002.#sieve:1) failed: Item does not exist',
    ]) {
      expect(parseCyrusMessage(m)?.kind, m).toBe('note');
    }
  });
});
