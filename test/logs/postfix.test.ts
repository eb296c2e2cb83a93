// parsePostfixMessage on lines of this deployment's own shape: the lab's server A maillog (procmail pipe,
// re-injection, the archive copy to server B :10026), and the edge cases of queue ids and program names.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isQueueId, parsePostfixMessage, postfixProgram, splitQueueId } from '../../src/logs/postfix.js';

const FRAME = /^[A-Z][a-z]{2} +\d{1,2} \d\d:\d\d:\d\d \S+ ([^\s[:]+)(?:\[\d+\])?: (.*)$/;
const labLog = readFileSync(new URL('../fixtures/maillog/procmail-pipe-servera.maillog', import.meta.url), 'utf8');
const labLines = labLog.split('\n').filter((l) => l !== '');
const parseLine = (line: string) => {
  const m = FRAME.exec(line);
  if (!m) throw new Error(`no frame: ${line}`);
  return parsePostfixMessage(m[1]!, m[2]!);
};
const labLine = (piece: string) => parseLine(labLines.find((l) => l.includes(piece))!);

describe('the lab maillog of server A (test/fixtures/maillog/procmail-pipe-servera.maillog)', () => {
  it('parses all 42 lines', () => {
    const kinds = labLines.map((l) => parseLine(l)?.kind);
    expect(kinds.filter((k) => k === undefined)).toHaveLength(0);
    expect(kinds).toHaveLength(42);
  });

  it('reads the procmail pipe deferral and the delivery whose text nests parentheses', () => {
    expect(labLine('pipe[14063]')).toMatchObject({
      queueId: 'A8F0110E1E8',
      kind: 'deferred',
      level: 'warn',
      fields: { relay: 'procmail', dsn: '4.3.0', status: 'deferred' },
    });
    const sent = labLine('pipe[14234]');
    expect(sent?.kind).toBe('delivered');
    expect(sent?.fields.status_text).toMatch(/^delivered via procmail service \(procmail: .*"\/nonexistent"\)$/);
  });

  it('reads the re-injected copy and the archive copy to server B :10026 with the next queue ids', () => {
    expect(labLine('cleanup[14244]')).toMatchObject({
      queueId: '09D6C10E76D',
      kind: 'message-id',
      fields: { 'message-id': '20261206231453.A8F0110E1E8@oxmail.example.com' },
    });
    expect(labLine('smtp[14256]')).toMatchObject({
      queueId: '09D6C10E76D',
      kind: 'delivered',
      fields: {
        to: 'test1001@serverb.example.com',
        relay_ip: '127.0.10.4',
        relay_port: '10026',
        queued_as: '21C4610E775',
      },
    });
  });

  it('reads postfix-script and master lines', () => {
    expect(labLine('is running')).toMatchObject({ kind: 'running', fields: { master_pid: '25421' } });
    expect(labLine('refreshing')).toMatchObject({ kind: 'control', fields: { action: 'refreshing' } });
    expect(labLine('reload --')).toMatchObject({ kind: 'reload', fields: { version: '3.7.11' } });
  });
});

describe('queue ids', () => {
  it('takes short hex ids and long ids, and NOQUEUE as no id', () => {
    expect(splitQueueId('3F1A2B4C5D: removed')).toEqual({ queueId: '3F1A2B4C5D', noqueue: false, rest: 'removed' });
    expect(splitQueueId('4Xk2tQ1fNzz9w: removed').queueId).toBe('4Xk2tQ1fNzz9w');
    expect(splitQueueId('NOQUEUE: reject: x')).toEqual({ noqueue: true, rest: 'reject: x' });
    expect(splitQueueId('statistics: x').queueId).toBeUndefined();
    expect(isQueueId('4JhJXC248TzgB0')).toBe(true);
    expect(isQueueId('deadbeef')).toBe(false); // short ids are upper-case hex
    expect(isQueueId('AEIOUAEIOUzB')).toBe(false); // long ids have no vowels
  });

  it('finds the queue id after a severity ("warning: ID: ...")', () => {
    expect(parsePostfixMessage('postfix/cleanup', 'warning: 9BECF3F19D: map lookup problem')).toEqual({
      queueId: '9BECF3F19D',
      kind: 'warning',
      level: 'warn',
      fields: { text: 'map lookup problem' },
    });
  });
});

describe('postscreen', () => {
  it('reads its tests with the client and what the client did', () => {
    // fail2ban's corpus line
    const m = String.raw`PREGREET 14 after 0.08 from [192.0.2.2]:59415: EHLO ylmf-pc\r\n`;
    expect(parsePostfixMessage('postfix/postscreen', m)).toEqual({
      queueId: undefined,
      kind: 'screen',
      level: 'notice',
      fields: {
        screen: 'PREGREET',
        text: '14 after 0.08',
        client: '[192.0.2.2]:59415',
        client_ip: '192.0.2.2',
        client_port: '59415',
        detail: String.raw`EHLO ylmf-pc\r\n`,
      },
    });
    const hangup = 'HANGUP after 16 from [192.0.2.3]:48119 in tests after SMTP handshake';
    expect(parsePostfixMessage('postfix/postscreen', hangup)?.fields).toMatchObject({
      screen: 'HANGUP',
      text: 'after 16',
      detail: 'in tests after SMTP handshake',
    });
  });
});

describe('programs', () => {
  it('knows postfix, its instances and master.cf service names, and nothing else', () => {
    expect(postfixProgram('postfix/smtpd')).toEqual({ instance: 'postfix', service: 'smtpd', name: undefined });
    expect(postfixProgram('postfix-out/qmgr')).toMatchObject({ instance: 'postfix-out', service: 'qmgr' });
    expect(postfixProgram('postfix/amavis/smtp')).toMatchObject({ service: 'smtp', name: 'amavis' });
    expect(postfixProgram('postfix')).toMatchObject({ instance: 'postfix', service: undefined });
    expect(postfixProgram('amavis')).toBeUndefined();
    expect(postfixProgram('postfixadmin')).toBeUndefined();
    expect(parsePostfixMessage('amavis', 'A8F0110E1E8: removed')).toBeUndefined();
  });

  it('returns undefined for a postfix message of an unknown shape', () => {
    expect(parsePostfixMessage('postfix/smtpd', 'something postfix never wrote')).toBeUndefined();
    expect(parsePostfixMessage('postfix/smtp', 'A8F0110E1E8: to=<a@b>, relay=none')).toBeUndefined();
  });
});

describe('hostile input', () => {
  // a line is attacker-controlled text (helo names, addresses, header values): no shape may cost quadratic time
  it.each([
    ['brackets after "host "', `host ${'['.repeat(50_000)}`],
    ['a word of queue-id characters', `${'B'.repeat(25_000)}z${'b'.repeat(25_000)}: removed`],
    ['envelope tails', `NOQUEUE: reject: RCPT from x[1.2.3.4]: 554 x${'; from=<'.repeat(10_000)}`],
    ['a key=value list', `3F1A2B4C5D: to=<${'a, '.repeat(20_000)}`],
    ['a header check', `3F1A2B4C5D: warning: header ${' from x['.repeat(10_000)}`],
    ['a remote reply', `3F1A2B4C5D: host x[1.2.3.4] said: ${' (in reply to '.repeat(16_000)}`],
  ])('%s: parsed in well under a second', (_name, message) => {
    const start = performance.now();
    parsePostfixMessage('postfix/smtpd', message);
    expect(performance.now() - start).toBeLessThan(250);
  });
});

describe('debug_peer_list transcripts', () => {
  it("reads smtpd's '< client: command' and '> client: reply' lines as debug, with direction, client and text", () => {
    expect(parsePostfixMessage('postfix/smtpd', '< localhost[127.0.0.1]: EHLO relay.example.com')).toMatchObject({
      kind: 'debug',
      fields: { direction: '<', client: 'localhost[127.0.0.1]', text: 'EHLO relay.example.com' },
    });
    expect(parsePostfixMessage('postfix/smtpd', '> mx.example.com[192.0.2.1]:25: 250 2.0.0 Ok')).toMatchObject({
      kind: 'debug',
      fields: { direction: '>', client: 'mx.example.com[192.0.2.1]:25', text: '250 2.0.0 Ok' },
    });
  });
});
