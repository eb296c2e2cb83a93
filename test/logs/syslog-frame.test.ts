import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSyslogLine, type FrameOptions, type SyslogFrame } from '../../src/logs/syslog-frame.js';

const corpus = (path: string) => new URL(`../../../shared/corpus/${path}`, import.meta.url);
// The corpus was collected in December 2026; its stamps are read as UTC.
const OPTIONS: FrameOptions = { referenceTime: Date.UTC(2026, 11, 7), utcOffsetMinutes: 0 };

function frameOf(line: string, options: FrameOptions = OPTIONS): SyslogFrame {
  const parsed = parseSyslogLine(line, options);
  if (!parsed.framed) throw new Error(`not framed: ${line}`);
  return parsed.frame;
}

// Every line of a corpus file that is not blank and not a collector's '#' comment.
function corpusLines(path: string, fill: (line: string) => string = (l) => l): string[] {
  return readFileSync(corpus(path), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .map(fill);
}

function coverage(lines: readonly string[]) {
  const formats: Record<string, number> = {};
  let unframed = 0;
  for (const line of lines) {
    const parsed = parseSyslogLine(line, OPTIONS);
    if (!parsed.framed) unframed++;
    else {
      formats[parsed.frame.format] = (formats[parsed.frame.format] ?? 0) + 1;
      if (parsed.frame.program === undefined) throw new Error(`framed without program: ${line}`);
      if (parsed.frame.time !== undefined && Number.isNaN(parsed.frame.time)) throw new Error(`bad time: ${line}`);
    }
  }
  return { lines: lines.length, unframed, formats };
}

describe('syslog framing of every corpus log file', () => {
  // [file, lines, unframed, framed per format]; unframed lines are what the files hold without a syslog frame.
  const table: [string, number, number, Record<string, number>][] = [
    ['maillog/digineo_postfix_exporter_mail.log', 53, 0, { rfc3164: 53 }],
    ['maillog/fabn_logstash-patterns_postfix_spec_lines.log', 5, 0, { rfc3164: 5 }],
    ['maillog/fail2ban_postfix.log', 63, 0, { rfc3164: 63 }],
    // 9 docker-compose lines ("saslauthd[26] :...", "[mailu-antivirus-1] ...", "clamd-mailcow_1 | ...")
    ['maillog/github_issue_excerpts_postfix_amavis_clamd_sasl.txt', 61, 9, { rfc3164: 52 }],
    ['maillog/kumina_postfix_exporter_testlines.log', 51, 0, { rfc3164: 51 }],
    ['maillog/lograptor_postfix.log', 21, 0, { rfc3164: 21 }],
    ['maillog/lograptor_rfc5424.log', 3, 0, { rfc5424: 3 }],
    // bare messages by design (the '*tests*' files): all unframed
    ['maillog/sekoia_intake-formats_postfix_tests.tsv', 270, 270, {}],
    ['maillog/whyscream_postfix-grok-patterns_tests_concat.yaml.txt', 1322, 1322, {}],
    ['cyrus/fail2ban_cyrus-imap.log', 10, 0, { rfc3164: 10 }],
    ['cyrus/fail2ban_sieve.log', 3, 0, { rfc3164: 3 }],
    // 5 lines of ctl_mboxlist output; 2 of the RFC 3164 lines have German month names; 2 are RFC 3339
    ['cyrus/github_issue_excerpts_cyrus.txt', 11, 5, { rfc3164: 4, rfc3339: 2 }],
    // 8 of them busybox-style ("mail.info: Jan  7 14:34:55 postfix/smtpd[301]: ...": a priority, no hostname)
    ['cyrus/postfix_to_cyrus_lmtp_delivery_logs_weak_provenance.txt', 62, 0, { rfc3164: 62 }],
  ];
  it.each(table)('%s: %i lines, %i unframed', (file, lines, unframed, formats) => {
    expect(coverage(corpusLines(file))).toEqual({ lines, unframed, formats });
  });

  // modoboa's mail.log is a template: raw, all unframed; with the day its own test fills in, all framed
  it("modoboa's mail.log with and without its '%(day)s' filled in", () => {
    const file = 'maillog/modoboa-stats_mail.log';
    expect(coverage(corpusLines(file))).toEqual({ lines: 519, unframed: 519, formats: {} });
    const filled = corpusLines(file, (l) => l.replace('%(day)s', 'Nov 16'));
    expect(coverage(filled)).toEqual({ lines: 519, unframed: 0, formats: { rfc3164: 519 } });
  });
});

describe('RFC 3164 frames', () => {
  it('takes time, host, program, pid and message apart', () => {
    const line =
      'Jan 31 09:50:02 raptor postfix/qmgr[26374]: ED36AD08054: from=<tarbosaurus@dinos.test>, size=179692, ' +
      'nrcpt=3 (queue active)';
    expect(corpusLines('maillog/lograptor_postfix.log')).toContain(line);
    expect(frameOf(line)).toEqual({
      format: 'rfc3164',
      time: Date.UTC(2026, 0, 31, 9, 50, 2),
      hostname: 'raptor',
      program: 'postfix/qmgr',
      pid: 26374,
      message: 'ED36AD08054: from=<tarbosaurus@dinos.test>, size=179692, nrcpt=3 (queue active)',
    });
  });

  it('reads space-padded and unpadded days, multi-part program names, and tags with no pid', () => {
    const padded = corpusLines('maillog/fabn_logstash-patterns_postfix_spec_lines.log')[0] ?? '';
    expect(frameOf(padded)).toMatchObject({
      time: Date.UTC(2026, 9, 2, 6, 45, 2),
      program: 'postfix/smtp',
      pid: 16872,
    });
    const unpadded = corpusLines('cyrus/fail2ban_cyrus-imap.log')[0] ?? '';
    expect(frameOf(unpadded)).toMatchObject({ time: Date.UTC(2026, 0, 4, 21, 51, 5), program: 'cyrus/imap' });
    const submission = corpusLines('maillog/github_issue_excerpts_postfix_amavis_clamd_sasl.txt').find((l) =>
      l.includes('postfix/submission/smtpd[982]: connect from'),
    );
    expect(frameOf(submission ?? '')).toMatchObject({ program: 'postfix/submission/smtpd', pid: 982 });
    const dovecot = corpusLines('maillog/modoboa-stats_mail.log', (l) => l.replace('%(day)s', 'Nov 16'))[5] ?? '';
    expect(frameOf(dovecot)).toMatchObject({
      program: 'dovecot',
      pid: undefined,
      message: 'lmtp(30301): Connect from local',
    });
  });

  it('keeps the message of a saslauthd line whole', () => {
    const line = corpusLines('maillog/github_issue_excerpts_postfix_amavis_clamd_sasl.txt').find((l) =>
      l.includes('saslauthd[624]'),
    );
    expect(frameOf(line ?? '')).toMatchObject({
      hostname: 'mail',
      program: 'saslauthd',
      pid: 624,
      message: expect.stringMatching(/^do_auth {9}: auth failure: \[user=lol@sabmit.io\]/),
    });
  });

  it("reads BusyBox's 'mail.info: ' prefix as the priority, and frames without a hostname", () => {
    const lines = corpusLines('cyrus/postfix_to_cyrus_lmtp_delivery_logs_weak_provenance.txt').filter((l) =>
      /^mail\.\w+: /.test(l),
    );
    expect(coverage(lines)).toEqual({ lines: 8, unframed: 0, formats: { rfc3164: 8 } });
    expect(frameOf(lines[3] ?? '')).toMatchObject({
      time: Date.UTC(2026, 0, 7, 14, 35, 9),
      hostname: '',
      program: 'cyrus/lmtpunix',
      pid: 308,
      priority: 2 * 8 + 6, // mail.info
      message: 'Delivered: <cmu-lmtpd-308-1736260509-0@5cc0d9eab3c9> to mailbox: user.bob',
    });
    expect(frameOf(lines[4] ?? '')).toMatchObject({ priority: 2 * 8 + 5, program: 'cyrus/lmtpunix' }); // mail.notice
    const hostless = corpusLines('cyrus/fail2ban_cyrus-imap.log').find((l) => l.includes('cyrus/pop3[4297]'));
    expect(frameOf(hostless ?? '')).toMatchObject({ hostname: '', program: 'cyrus/pop3', pid: 4297 });
  });

  it('leaves a line whose prefix is not a facility.severity unframed', () => {
    expect(parseSyslogLine('foo.bar: Jan  7 14:35:09 postfix/qmgr[251]: x', OPTIONS).framed).toBe(false);
  });

  it('reads the German month names journalctl prints in a German locale', () => {
    const line = corpusLines('cyrus/github_issue_excerpts_cyrus.txt')[0] ?? '';
    expect(frameOf(line)).toMatchObject({
      time: Date.UTC(2026, 4, 5, 17, 34, 29),
      program: 'cyrus/lmtpunix',
      pid: 52497,
    });
  });

  it('infers the year from the reference time: a December line read in January is last year', () => {
    const jan2 = { referenceTime: Date.UTC(2027, 0, 2, 8), utcOffsetMinutes: 0 };
    expect(frameOf('Dec 31 23:59:59 h cron[1]: x', jan2).time).toBe(Date.UTC(2026, 11, 31, 23, 59, 59));
    expect(frameOf('Jan  2 07:00:00 h cron[1]: x', jan2).time).toBe(Date.UTC(2027, 0, 2, 7));
    // a line a few hours past the mtime (clock slack) stays in this year
    expect(frameOf('Jan  2 11:00:00 h cron[1]: x', jan2).time).toBe(Date.UTC(2027, 0, 2, 11));
  });

  it('places Feb 29 in the last leap year', () => {
    const options = { referenceTime: Date.UTC(2027, 2, 1), utcOffsetMinutes: 0 };
    expect(frameOf('Feb 29 12:00:00 h p: x', options).time).toBe(Date.UTC(2024, 1, 29, 12));
  });

  it("reads the stamp as the host's local time at the given UTC offset", () => {
    const cet = { referenceTime: Date.UTC(2026, 11, 7), utcOffsetMinutes: 60 };
    expect(frameOf('Nov  5 14:27:01 host prog[123]: msg', cet).time).toBe(Date.UTC(2026, 10, 5, 13, 27, 1));
    // just after local midnight on New Year, the host is still in the old year in UTC
    const newYear = { referenceTime: Date.UTC(2026, 11, 31, 23, 30), utcOffsetMinutes: 60 };
    expect(frameOf('Jan  1 00:10:00 h p: x', newYear).time).toBe(Date.UTC(2026, 11, 31, 23, 10));
  });

  it("reads rsyslog's 'message repeated N times' and sysklogd's 'last message repeated N times'", () => {
    expect(
      frameOf('Nov  5 14:27:01 relay postfix/smtpd[77]: message repeated 3 times: [ warning: x y ]'),
    ).toMatchObject({
      program: 'postfix/smtpd',
      pid: 77,
      repeated: 3,
      message: 'warning: x y',
    });
    expect(frameOf('Nov  5 14:27:01 relay last message repeated 12 times')).toMatchObject({
      hostname: 'relay',
      repeated: 12,
      message: '',
    });
    expect(frameOf('Nov  5 14:27:01 relay last message repeated 12 times').program).toBeUndefined();
  });
});

describe('RFC 3339 and RFC 5424 frames', () => {
  it("reads rsyslog's high-precision stamps with their zone", () => {
    const line = corpusLines('cyrus/github_issue_excerpts_cyrus.txt').find((l) => l.startsWith('2015-12-22T00:05:46'));
    expect(frameOf(line ?? '')).toEqual({
      format: 'rfc3339',
      time: Date.UTC(2015, 11, 22, 5, 5, 46, 534),
      hostname: 'imap30',
      program: 'sloti30t15/imap',
      pid: 4101108,
      message:
        'login: frontend1.nyi.internal [10.202.2.160] robntest plaintext User logged in ' +
        'SESSIONID=<sloti30t15-4101108-1450760746-1-6931901653674999381>',
    });
    expect(frameOf('2026-11-25T14:27:01.123456+01:00 host prog[1]: msg').time).toBe(
      Date.UTC(2026, 10, 25, 13, 27, 1, 123),
    );
  });

  it('reads RFC 5424 lines: PRI, app, nil procid, msgid and structured data', () => {
    const [su, , postfix] = corpusLines('maillog/lograptor_rfc5424.log');
    expect(frameOf(su ?? '')).toEqual({
      format: 'rfc5424',
      time: Date.UTC(2003, 9, 11, 22, 14, 15, 3),
      hostname: 'mymachine.example.com',
      program: 'su',
      pid: undefined,
      message: "BOM'su root' failed for lonvick on /dev/pts/8",
      priority: 34,
      msgId: 'ID47',
      structuredData: undefined,
    });
    // lograptor's sample has a nil SD ('-') after the MSGID: by RFC 5424 the bracket that follows is message text
    expect(frameOf(postfix ?? '')).toMatchObject({
      program: 'postfix',
      priority: 165,
      message:
        '[exampleSDID@17660 iut="3" eventID="1011" eventSource="Application"] ' +
        '- BOM Une entré du journal des événements',
    });
    expect(frameOf(postfix ?? '').structuredData).toBeUndefined();
  });

  it("reads structured data as RFC 5424's own example 3 writes it, escaped ']' included", () => {
    const rfcExample =
      '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" ' +
      'eventSource="Application" eventID="1011"] An application event log entry...';
    expect(frameOf(rfcExample)).toMatchObject({
      program: 'evntslog',
      structuredData: '[exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"]',
      message: 'An application event log entry...',
    });
    const twoElements = '<13>1 - h app 7 - [a x="q\\]z"][b y="1"] msg';
    expect(frameOf(twoElements)).toMatchObject({
      time: undefined,
      structuredData: '[a x="q\\]z"][b y="1"]',
      message: 'msg',
    });
  });

  it('strips a real BOM and reads a numeric procid as the pid', () => {
    expect(frameOf('<22>1 2026-12-07T01:02:03Z h postfix/smtpd 4242 - - \uFEFFconnect from x')).toMatchObject({
      pid: 4242,
      message: 'connect from x',
    });
  });
});

describe('lines with no frame', () => {
  it('returns bare messages of the tests files as unframed, not as errors', () => {
    const bare = corpusLines('maillog/sekoia_intake-formats_postfix_tests.tsv')[0] ?? '';
    expect(parseSyslogLine(bare, OPTIONS)).toEqual({ framed: false, message: bare });
  });

  it("leaves OX's own stamp format to the OX parser", () => {
    const ox = '2015-09-01T15:58:59,009+0200 ERROR [RMI TCP Connection(2)]';
    expect(parseSyslogLine(ox, OPTIONS).framed).toBe(false);
  });
});
