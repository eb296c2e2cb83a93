// parseLogLine on every line of every corpus maillog (and the cyrus logs): each line counted framed or not, and
// each framed line's program parsed or unknown, exactly per file (the table is printed in the test output), then
// spot checks of what a LogLine holds for each program and source kind.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLogLine, type LineContext } from '../../src/logs/parse-line.js';
import { programFamily } from '../../src/logs/program-message.js';
import { corpusDir, corpusText, haveCorpus } from './corpus-lines.js';

// The corpus was collected in December 2026; its stamps are read as UTC.
const CTX: LineContext = {
  host: 'relay',
  source: 'maillog',
  kind: 'syslog',
  fileMtimeMs: Date.UTC(2026, 11, 7),
  utcOffsetMinutes: 0,
};
// modoboa's mail.log is a template whose own test fills the day in.
const fill = (line: string): string => line.replace(/^%\(day\)s /, 'Nov 16 ');

interface Row {
  lines: number; // non-empty lines
  framed: number; // a syslog frame (time or program)
  postfixParsed: number;
  postfixUnknown: number;
  otherParsed: number; // amavis, cyrus, saslauthd/pam_krb5, oxldapsync lines with a kind
  otherUnknown: number; // lines of those programs without a kind
  noParser: number; // programs oxdoctor has no parser for (dovecot, opendkim, clamd ...): fields {} and no kind
}

function coverage(path: string): { row: Row; unknown: string[] } {
  const row: Row = {
    lines: 0,
    framed: 0,
    postfixParsed: 0,
    postfixUnknown: 0,
    otherParsed: 0,
    otherUnknown: 0,
    noParser: 0,
  };
  const unknown: string[] = [];
  for (const text of corpusText(path).split('\n')) {
    if (text.trim() === '') continue;
    row.lines++;
    const line = parseLogLine(fill(text), CTX);
    if (line.time === undefined && line.program === undefined) continue;
    row.framed++;
    const family = line.program === undefined ? undefined : programFamily(line.program);
    if (family === undefined) {
      expect(line.fields, text).toEqual({});
      row.noParser++;
    } else if (line.kind) {
      if (family === 'postfix') row.postfixParsed++;
      else row.otherParsed++;
    } else {
      if (family === 'postfix') row.postfixUnknown++;
      else row.otherUnknown++;
      unknown.push(text);
    }
  }
  return { row, unknown };
}

const FILES: Record<string, Row> = {
  'maillog/digineo_postfix_exporter_mail.log': row(53, 53, 53, 0, 0, 0, 0),
  'maillog/fabn_logstash-patterns_postfix_spec_lines.log': row(5, 5, 5, 0, 0, 0, 0),
  'maillog/fail2ban_postfix.log': row(151, 63, 63, 0, 0, 0, 0), // 88 '#' comment lines of fail2ban's tests
  // 16 amavis/saslauthd/pam lines; 4 opendkim/opendmarc; 28 unframed (headings, docker output)
  'maillog/github_issue_excerpts_postfix_amavis_clamd_sasl.txt': row(80, 52, 32, 0, 16, 0, 4),
  'maillog/kumina_postfix_exporter_testlines.log': row(51, 51, 51, 0, 0, 0, 0),
  'maillog/lograptor_postfix.log': row(21, 21, 21, 0, 0, 0, 0),
  // RFC 5424's own examples: one tagged "postfix" whose message is French prose, not postfix's
  'maillog/lograptor_rfc5424.log': row(3, 3, 0, 1, 0, 0, 2),
  'maillog/modoboa-stats_mail.log': row(519, 519, 331, 0, 20, 0, 168), // dovecot, policyd-spf, opendmarc
  // bare messages without a frame by design (postfix-corpus.test.ts parses them as messages)
  'maillog/sekoia_intake-formats_postfix_tests.tsv': row(271, 0, 0, 0, 0, 0, 0),
  'maillog/whyscream_postfix-grok-patterns_tests_concat.yaml.txt': row(1523, 0, 0, 0, 0, 0, 0),
  'cyrus/fail2ban_cyrus-imap.log': row(20, 10, 0, 0, 10, 0, 0),
  'cyrus/fail2ban_sieve.log': row(6, 3, 0, 0, 3, 0, 0),
  'cyrus/github_issue_excerpts_cyrus.txt': row(20, 6, 0, 0, 6, 0, 0),
  'cyrus/postfix_to_cyrus_lmtp_delivery_logs_weak_provenance.txt': row(70, 62, 25, 0, 37, 0, 0),
};

function row(...n: [number, number, number, number, number, number, number]): Row {
  const [lines, framed, postfixParsed, postfixUnknown, otherParsed, otherUnknown, noParser] = n;
  return { lines, framed, postfixParsed, postfixUnknown, otherParsed, otherUnknown, noParser };
}

describe.skipIf(!haveCorpus)('parseLogLine over every corpus maillog line', () => {
  it('covers every maillog file of the corpus in the table', () => {
    const maillogs = readdirSync(`${corpusDir}/maillog`).map((f) => `maillog/${f}`);
    expect(Object.keys(FILES).filter((f) => f.startsWith('maillog/'))).toEqual(maillogs.sort());
  });

  it('frames and parses each file as counted (table printed)', () => {
    const table: Record<string, Row> = {};
    const unknown: string[] = [];
    for (const file of Object.keys(FILES)) {
      const c = coverage(file);
      table[file.replace(/^.*\//, '')] = c.row;
      unknown.push(...c.unknown);
    }
    console.table(table);
    console.log(`unknown lines of known programs:\n${unknown.join('\n')}`);
    expect(Object.values(table)).toEqual(Object.values(FILES));
    expect(unknown).toEqual([expect.stringContaining('frodo.example.com postfix - ID47')]);
  });
});

describe.skipIf(!haveCorpus)('what a LogLine holds', () => {
  const lineOf = (path: string, piece: string) => {
    const text = corpusText(path)
      .split('\n')
      .find((l) => l.includes(piece));
    if (text === undefined) throw new Error(`no line with ${piece}`);
    return { text, line: parseLogLine(fill(text), CTX) };
  };

  it('a postfix delivery: frame, queue id, kind, fields, level', () => {
    const { text, line } = lineOf('maillog/lograptor_postfix.log', 'ED36AD08054: from=<tarbosaurus');
    expect(line).toEqual({
      host: 'relay',
      source: 'maillog',
      time: Date.UTC(2026, 0, 31, 9, 50, 2),
      syslogHost: 'raptor',
      program: 'postfix/qmgr',
      pid: 26374,
      queueId: 'ED36AD08054',
      level: 'info',
      kind: 'from',
      fields: { from: 'tarbosaurus@dinos.test', size: '179692', nrcpt: '3', queue: 'active' },
      raw: text,
    });
  });

  it('NOQUEUE rejects have no queue id; a postfix line of an unknown shape keeps its queue id', () => {
    const { line } = lineOf('maillog/fail2ban_postfix.log', 'NOQUEUE: reject: RCPT from');
    expect(line).toMatchObject({ kind: 'reject', level: 'notice', program: 'postfix/smtpd' }); // postfix's own level
    expect(line.queueId).toBeUndefined();
    const odd = parseLogLine('Dec  6 23:15:28 node8888 postfix/smtp[12]: 3F1A2B4C5D: something new', CTX);
    expect(odd).toMatchObject({ queueId: '3F1A2B4C5D', fields: {}, program: 'postfix/smtp' });
    expect(odd.kind).toBeUndefined();
  });

  it('amavis, cyrus and saslauthd lines go to their parsers', () => {
    const amavis = lineOf('maillog/modoboa-stats_mail.log', 'queued_as: A0320E00C3').line;
    expect(amavis).toMatchObject({ program: 'amavis', kind: 'passed', fields: { queued_as: 'A0320E00C3' } });
    const cyrus = lineOf('cyrus/fail2ban_cyrus-imap.log', 'cyrus/pop3[4297]').line;
    expect(cyrus).toMatchObject({ program: 'cyrus/pop3', pid: 4297, kind: 'badlogin', level: 'warn' });
    expect(cyrus.syslogHost).toBeUndefined(); // a hostless frame
    const sasl = lineOf('maillog/github_issue_excerpts_postfix_amavis_clamd_sasl.txt', 'saslauthd[624]').line;
    expect(sasl).toMatchObject({ program: 'saslauthd', fields: { user: 'lol@sabmit.io' } });
    expect(sasl.kind).toBeTruthy();
  });

  it("BusyBox's 'mail.info: ' lines are framed", () => {
    const { line } = lineOf(
      'cyrus/postfix_to_cyrus_lmtp_delivery_logs_weak_provenance.txt',
      'Delivered: <cmu-lmtpd-308',
    );
    expect(line).toMatchObject({
      time: Date.UTC(2026, 0, 7, 14, 35, 9),
      program: 'cyrus/lmtpunix',
      kind: 'delivered',
      fields: { user: 'bob' },
    });
  });

  it('level from the syslog priority, else from words, for programs without a parser', () => {
    const su = lineOf('maillog/lograptor_rfc5424.log', "'su root' failed").line; // <34>: auth.crit
    expect(su).toMatchObject({ program: 'su', level: 'error', fields: {} });
    expect(su.kind).toBeUndefined();
    const dovecot = lineOf('maillog/modoboa-stats_mail.log', 'not sending reject message').line;
    expect(dovecot).toMatchObject({ program: 'dovecot', level: 'warn', fields: {} });
    const plain = lineOf('maillog/modoboa-stats_mail.log', 'dovecot: lmtp(30301): Connect from local').line;
    expect(plain.level).toBeUndefined();
  });

  it('keeps the count of a repeated line (rsyslog) in fields.repeated', () => {
    const line = parseLogLine('Nov  5 14:27:01 relay postfix/smtpd[77]: message repeated 3 times: [ warning: x ]', CTX);
    expect(line).toMatchObject({ program: 'postfix/smtpd', kind: 'warning', fields: { repeated: '3', text: 'x' } });
    const sysklogd = parseLogLine('Nov  5 14:27:01 relay last message repeated 12 times', CTX);
    expect(sysklogd).toMatchObject({ kind: 'repeated', fields: { repeated: '12' }, syslogHost: 'relay' });
  });
});

describe('the lab server A lines added to the postfix parser', () => {
  // copied from the lab's servera /var/log/maillog (lab-logs.lab.test.ts reads them there)
  it('local(8) passing a recipient to the lmtp transport, and postfix-script waiting', () => {
    const ctx = { ...CTX, host: 'servera', utcOffsetMinutes: 0 };
    const passing = parseLogLine(
      'Dec  7 00:29:59 node8888 postfix/local[9721]: CA43C10E29C: passing <test1002@oxmail.example.com> to ' +
        'transport=lmtp',
      ctx,
    );
    expect(passing).toMatchObject({
      queueId: 'CA43C10E29C',
      kind: 'passing',
      fields: { to: 'test1002@oxmail.example.com', transport: 'lmtp' },
    });
    const waiting = parseLogLine(
      'Dec  6 23:15:28 node8888 postfix/postfix-script[19744]: waiting for the Postfix mail system to terminate',
      ctx,
    );
    expect(waiting).toMatchObject({ kind: 'control', syslogHost: 'node8888', time: Date.UTC(2026, 11, 6, 23, 15, 28) });
  });
});

describe('other source kinds', () => {
  it('oxldapsync.log lines: local time, pid, kind', () => {
    const text =
      '2026-12-06 23:01:05 oxldapsync[4242]: ldapsync-ads.conf: INFO: start sync of context 1 with ' +
      'ldap://ad (ldaptype=ads)';
    const line = parseLogLine(text, { ...CTX, kind: 'oxldapsync', source: 'oxldapsync', utcOffsetMinutes: 60 });
    expect(line).toMatchObject({
      time: Date.UTC(2026, 11, 6, 22, 1, 5),
      program: 'oxldapsync',
      pid: 4242,
      kind: 'start',
      level: 'info',
      fields: { conf: 'ldapsync-ads.conf', context: '1', ldaptype: 'ads' },
    });
  });

  // The examples of Apache's own documentation (httpd 2.4 logs.html): error_log without a zone (host offset).
  it('Apache error_log lines of 2.2 and 2.4, local time placed with the host offset', () => {
    const ctx = { ...CTX, kind: 'apache-error' as const, source: 'apache-error', utcOffsetMinutes: -420 };
    const v24 = parseLogLine(
      '[Fri Sep 09 10:42:29.902022 2011] [core:error] [pid 35708:tid 4328636416] [client 72.15.99.187] File does ' +
        'not exist: /usr/local/apache2/htdocs/favicon.ico',
      ctx,
    );
    expect(v24).toMatchObject({
      time: Date.UTC(2011, 8, 9, 17, 42, 29, 902),
      program: 'httpd',
      pid: 35708,
      level: 'error',
      kind: 'error-log',
      fields: {
        module: 'core',
        client_ip: '72.15.99.187',
        text: 'File does not exist: /usr/local/apache2/htdocs/favicon.ico',
      },
    });
    const v22 = parseLogLine(
      '[Wed Oct 11 14:32:52 2000] [error] [client 127.0.0.1] client denied by server configuration: ' +
        '/export/home/live/ap/htdocs/test',
      ctx,
    );
    expect(v22).toMatchObject({
      time: Date.UTC(2000, 9, 11, 21, 32, 52),
      level: 'error',
      fields: { severity: 'error', client_ip: '127.0.0.1' },
    });
    const ah = parseLogLine(
      '[Sun Dec 06 10:00:00.123456 2026] [mpm_event:notice] [pid 9] AH00489: Apache/2.4.62 ' +
        'configured -- resuming normal operations',
      { ...ctx, utcOffsetMinutes: 0 },
    );
    expect(ah).toMatchObject({ level: 'notice', fields: { module: 'mpm_event', code: 'AH00489' } });
    const v6 = (client: string) => parseLogLine(`[Sun Dec 06 10:00:00 2026] [error] [client ${client}] x`, ctx).fields;
    expect(v6('::1')).toMatchObject({ client_ip: '::1' });
    expect(v6('::1')).not.toHaveProperty('client_port');
    expect(v6('10.1.2.3:40022')).toMatchObject({ client_ip: '10.1.2.3', client_port: '40022' });
  });

  it('Apache access_log in the combined format, zoned', () => {
    const line = parseLogLine(
      '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 ' +
        '"http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)"',
      { ...CTX, kind: 'apache-access', source: 'apache-access' },
    );
    expect(line).toMatchObject({
      time: Date.UTC(2000, 9, 10, 20, 55, 36),
      kind: 'request',
      level: 'info',
      fields: {
        client_ip: '127.0.0.1',
        user: 'frank',
        method: 'GET',
        path: '/apache_pb.gif',
        protocol: 'HTTP/1.0',
        status: '200',
        bytes: '2326',
        referer: 'http://www.example.com/start.html',
        agent: 'Mozilla/4.08 [en] (Win98; I ;Nav)',
      },
    });
    const common = parseLogLine('10.0.0.1 - - [06/Dec/2026:10:00:00 +0000] "POST /ajax/login HTTP/1.1" 503 -', {
      ...CTX,
      kind: 'apache-access',
      source: 'apache-access',
    });
    expect(common).toMatchObject({ level: 'error', fields: { status: '503', method: 'POST' } });
    expect(common.fields.bytes).toBeUndefined();
  });

  it.skipIf(!haveCorpus)('a single OX line: a record header parses alone, a body line is kept raw', () => {
    const lines = corpusText('open-xchange/ox_appsuite_docs_log_examples.txt').split('\n');
    const ctx = { ...CTX, kind: 'ox' as const, source: 'ox' };
    const header = parseLogLine(
      lines.find((l) => l.startsWith('2020-06-19T12:07:32,692+0000 ERROR'))!,
      ctx,
    );
    expect(header).toMatchObject({
      time: Date.UTC(2020, 5, 19, 12, 7, 32, 692),
      program: 'open-xchange',
      level: 'error',
      fields: { thread: 'OXWorker-0032698', method: 'logException' },
    });
    const body = parseLogLine(' com.openexchange.ajax.action=addAttachment', ctx);
    expect(body).toEqual({
      host: 'relay',
      source: 'ox',
      program: 'open-xchange',
      fields: {},
      raw: ' com.openexchange.ajax.action=addAttachment',
    });
  });
});
