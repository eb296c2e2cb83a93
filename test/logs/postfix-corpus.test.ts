// Every postfix line of the corpus (real logs and other projects' test lines) through parsePostfixMessage: the
// lines parsed and the lines counted as unknown per file, exactly, so a parser change that loses a shape shows.
// The syslog frame is taken off with a small local expression (the real frame parser is syslog-frame.ts).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parsePostfixMessage, postfixProgram } from '../../src/logs/postfix.js';
import { parseSyslogLine } from '../../src/logs/syslog-frame.js';
import type { ParsedMessage } from '../../src/logs/types.js';

const corpus = fileURLToPath(new URL('../../../shared/corpus', import.meta.url));
const read = (path: string): string[] => readFileSync(`${corpus}/${path}`, 'utf8').split('\n');

interface Entry {
  readonly program: string;
  readonly message: string;
}

// "Mon dd hh:mm:ss host prog[pid]: msg", also lograptor's "%(day)s" stamp, BusyBox's "mail.info: " prefix and no
// host, and RFC 5424 "<pri>1 stamp host app procid msgid sd msg".
const STAMP = String.raw`(?:[a-z]+\.[a-z]+: )?(?:%\(day\)s|[A-Z][a-z]{2} +\d{1,2}) \d\d:\d\d:\d\d`;
const FRAME = new RegExp(String.raw`^${STAMP} (?:[^\s:[]+ )?([^\s[:]+)(?:\[\d+\])?: (.*)$`);
const FRAME_5424 = /^<\d+>1 \S+ \S+ (\S+) \S+ \S+ (?:-|\[.*?\]) (.*)$/;

function framed(lines: readonly string[]): { entries: Entry[]; other: number; unframed: number } {
  const entries: Entry[] = [];
  let other = 0;
  let unframed = 0;
  for (const line of lines) {
    const m = FRAME.exec(line) ?? FRAME_5424.exec(line);
    if (!m) {
      if (line.trim() !== '') unframed++;
      continue;
    }
    if (postfixProgram(m[1]!)) entries.push({ program: m[1]!, message: m[2]! });
    else other++;
  }
  return { entries, other, unframed };
}

// whyscream's grok tests: "pattern: ^%{POSTFIX_SMTPD}$" names the daemon, "data: ..." holds a bare message.
// Four patterns hold fragments of a message (counters, delays, tls=, relay=), not messages: counted apart.
const FRAGMENTS = new Set(['COMMAND_COUNTER_DATA', 'DELAYS', 'TLS_FEATURES', 'RELAY']);
const DAEMON: Readonly<Record<string, string>> = { SCRIPT: 'postfix-script', TRIVIAL_REWRITE: 'trivial-rewrite' };

function grokTests(lines: readonly string[]): { entries: Entry[]; fragments: number } {
  const entries: Entry[] = [];
  let fragments = 0;
  let pattern = '';
  for (const line of lines) {
    const p = /^pattern: "?\^%\{POSTFIX_(\w+)\}/.exec(line);
    if (p) pattern = p[1]!;
    const d = /^data: (.*)$/.exec(line);
    if (!d) continue;
    if (FRAGMENTS.has(pattern)) {
      fragments++;
      continue;
    }
    // a YAML double-quoted string: only \" and \\ are undone; \r\n stay literal, as postfix logs them
    const q = /^"(.*)"$/.exec(d[1]!);
    const message = q ? q[1]!.replace(/\\(["\\])/g, '$1') : d[1]!;
    entries.push({ program: `postfix/${DAEMON[pattern] ?? pattern.toLowerCase()}`, message });
  }
  return { entries, fragments };
}

// SEKOIA's tests as "file<TAB>appname<TAB>message"; rows without an appname (postfix's and the other programs'
// messages, as the "wo_appname" tests send them) are counted apart, parsed as a bare "postfix".
function sekoiaRows(lines: readonly string[]): { entries: Entry[]; other: number; noProgram: Entry[] } {
  const entries: Entry[] = [];
  let other = 0;
  const noProgram: Entry[] = [];
  for (const line of lines) {
    const cols = line.split('\t');
    if (line.startsWith('#') || cols.length < 3) continue;
    const [, program, message] = cols as [string, string, string];
    if (program === '' || program === '-') noProgram.push({ program: 'postfix', message });
    else if (postfixProgram(program)) entries.push({ program, message });
    else other++;
  }
  return { entries, other, noProgram };
}

interface Coverage {
  parsed: number;
  unknown: number;
  unknownLines: string[];
  kinds: Record<string, number>;
  results: (ParsedMessage | undefined)[];
}

function coverage(entries: readonly Entry[]): Coverage {
  const c: Coverage = { parsed: 0, unknown: 0, unknownLines: [], kinds: {}, results: [] };
  for (const e of entries) {
    const p = parsePostfixMessage(e.program, e.message);
    c.results.push(p);
    if (p?.kind) {
      c.parsed++;
      c.kinds[p.kind] = (c.kinds[p.kind] ?? 0) + 1;
    } else {
      c.unknown++;
      c.unknownLines.push(`${e.program}: ${e.message}`);
    }
  }
  return c;
}

// One corpus line, framed, by a piece of its text: spot checks read real lines, not retyped ones.
function corpusLine(path: string, piece: string): Entry {
  const { entries } = framed(read(path).filter((l) => l.includes(piece)));
  expect(entries).toHaveLength(1);
  return entries[0]!;
}

const parse = (e: Entry): ParsedMessage | undefined => parsePostfixMessage(e.program, e.message);

describe.skipIf(!existsSync(corpus))('postfix lines of the corpus', () => {
  // postfix lines parsed and unknown; other programs' framed lines; non-empty lines with no syslog frame
  // (comments, headers, docker-prefixed output)
  const framedFiles: [string, { parsed: number; unknown: number; other: number; unframed: number }][] = [
    ['maillog/digineo_postfix_exporter_mail.log', { parsed: 53, unknown: 0, other: 0, unframed: 0 }],
    ['maillog/fabn_logstash-patterns_postfix_spec_lines.log', { parsed: 5, unknown: 0, other: 0, unframed: 0 }],
    ['maillog/fail2ban_postfix.log', { parsed: 63, unknown: 0, other: 0, unframed: 88 }],
    [
      'maillog/github_issue_excerpts_postfix_amavis_clamd_sasl.txt',
      { parsed: 32, unknown: 0, other: 20, unframed: 28 },
    ],
    ['maillog/kumina_postfix_exporter_testlines.log', { parsed: 51, unknown: 0, other: 0, unframed: 0 }],
    ['maillog/lograptor_postfix.log', { parsed: 21, unknown: 0, other: 0, unframed: 0 }],
    // the one "postfix" line of the RFC 5424 sample holds French sample text, not a postfix message
    ['maillog/lograptor_rfc5424.log', { parsed: 0, unknown: 1, other: 2, unframed: 0 }],
    ['maillog/modoboa-stats_mail.log', { parsed: 331, unknown: 0, other: 188, unframed: 0 }],
    [
      'cyrus/postfix_to_cyrus_lmtp_delivery_logs_weak_provenance.txt',
      { parsed: 25, unknown: 0, other: 37, unframed: 8 },
    ],
  ];
  it.each(framedFiles)('%s: every postfix line parsed or counted as unknown', (path, expected) => {
    const { entries, other, unframed } = framed(read(path));
    const c = coverage(entries);
    expect({ parsed: c.parsed, unknown: c.unknown, other, unframed }).toEqual(expected);
  });

  // The same numbers through the real frame parser, on the files whose frames are standard syslog (modoboa's
  // "%(day)s" is lograptor's template, and the BusyBox block of the cyrus file has no hostname).
  it.each(framedFiles.filter(([p]) => !/modoboa|weak_provenance/.test(p)))(
    '%s: the same coverage with syslog-frame.ts',
    (path, expected) => {
      const entries: Entry[] = [];
      let other = 0;
      let unframed = 0;
      for (const line of read(path).filter((l) => l.trim() !== '')) {
        const r = parseSyslogLine(line, { referenceTime: Date.UTC(2026, 11, 7), utcOffsetMinutes: 0 });
        const program = r.framed ? r.frame.program : undefined;
        if (!r.framed || program === undefined) unframed++;
        else if (postfixProgram(program)) entries.push({ program, message: r.frame.message });
        else other++;
      }
      const c = coverage(entries);
      expect({ parsed: c.parsed, unknown: c.unknown, other, unframed }).toEqual(expected);
    },
  );

  it('gives every line that starts with a queue id its id, and every status= line its outcome', () => {
    const all = framedFiles.flatMap(([path]) => framed(read(path)).entries);
    const words = new Set(['NOQUEUE', 'warning', 'statistics', 'Deleted', 'fatal']);
    let withId = 0;
    let outcomes = 0;
    for (const e of all) {
      const p = parse(e);
      const lead = /^([0-9A-Za-z]{6,}): /.exec(e.message)?.[1];
      if (lead && !words.has(lead)) {
        withId++;
        expect(p?.queueId, e.message).toBe(lead);
      }
      const status = /, status=([a-z-]+)/.exec(e.message)?.[1];
      if (status) {
        outcomes++;
        const kind = { sent: 'delivered', deferred: 'deferred', bounced: 'bounced', deliverable: 'deliverable' }[
          status
        ];
        expect(p?.kind, e.message).toBe(kind ?? 'expired');
      }
    }
    expect({ withId, outcomes }).toEqual({ withId: 253, outcomes: 52 });
  });

  it("whyscream's grok test messages: 178 of 178 parsed, 13 fragments of messages set apart", () => {
    const { entries, fragments } = grokTests(read('maillog/whyscream_postfix-grok-patterns_tests_concat.yaml.txt'));
    const c = coverage(entries);
    expect({ parsed: c.parsed, unknown: c.unknown, fragments }).toEqual({ parsed: 178, unknown: 0, fragments: 13 });
  });

  it("SEKOIA's test messages: 67 of 68 postfix rows parsed (the unknown one carries a test's trailing number)", () => {
    const { entries, other, noProgram } = sekoiaRows(read('maillog/sekoia_intake-formats_postfix_tests.tsv'));
    const c = coverage(entries);
    expect({ parsed: c.parsed, unknown: c.unknown, other }).toEqual({ parsed: 67, unknown: 1, other: 64 });
    expect(c.unknownLines).toEqual(['postfix/smtpd: connect from unknown[10.1.1.1] 88']);
    // rows without a program, parsed as a bare "postfix": postfix's messages parsed; unknown are postgrey's,
    // spamd's and policyd-spf's 64 messages and the same trailing-number connect line
    const bare = coverage(noProgram);
    expect({ parsed: bare.parsed, unknown: bare.unknown }).toEqual({ parsed: 73, unknown: 65 });
    expect(bare.unknownLines.filter((l) => !/action=|spamd:|identity=|whitelisted:|dns:/.test(l))).toEqual([
      'postfix: connect from unknown[10.1.1.1] 88',
    ]);
  });

  it('reads a delivery to cyrus over lmtp: queue id, recipient, relay socket, dsn and status', () => {
    const e = corpusLine('cyrus/postfix_to_cyrus_lmtp_delivery_logs_weak_provenance.txt', '662242C06FC: to=<');
    expect(parse(e)).toEqual({
      queueId: '662242C06FC',
      kind: 'delivered',
      level: 'info',
      fields: {
        to: 'genesisma@bostonst.com',
        orig_to: 'genesisma',
        relay: 'tommy.bostonst.com[/var/run/lmtp]',
        relay_name: 'tommy.bostonst.com',
        relay_ip: '/var/run/lmtp',
        delay: '0.05',
        delays: '0.03/0/0/0.01',
        dsn: '2.1.5',
        status: 'sent',
        status_text: '250 2.1.5 Ok',
      },
    });
  });

  it('reads long queue ids and the next hop\'s long id in "queued as" inside an amavis reply', () => {
    const e = corpusLine('maillog/github_issue_excerpts_postfix_amavis_clamd_sasl.txt', 'postfix/amavis/smtp[');
    expect(parse(e)).toMatchObject({
      queueId: '4JhJXC248TzgB0',
      kind: 'delivered',
      fields: { relay_ip: '127.0.0.1', relay_port: '10026', queued_as: '4JhJXC5F4CzgB6', orig_to: 'root' },
    });
    const local = corpusLine('maillog/github_issue_excerpts_postfix_amavis_clamd_sasl.txt', 'forwarded as');
    expect(parse(local)).toMatchObject({ queueId: '4JhJXC5F4CzgB6', fields: { forwarded_as: '4JhJXC5ZqLzgB7' } });
  });

  it('reads a NOQUEUE reject as no queue id, with stage, client, reply code, dsn and the envelope', () => {
    const e = corpusLine('maillog/fail2ban_postfix.log', 'Relay access denied');
    expect(parse(e)).toEqual({
      queueId: undefined,
      kind: 'reject',
      level: 'notice',
      fields: {
        action: 'reject',
        stage: 'RCPT',
        client: '1-2-3-4-example.com[1.2.3.4]',
        client_name: '1-2-3-4-example.com',
        client_ip: '1.2.3.4',
        reply: '554 5.7.1 <smtp@example.com>: Relay access denied',
        code: '554',
        dsn: '5.7.1',
        from: 'john@example.com',
        to: 'smtp@example.org',
        proto: 'SMTP',
        helo: '198.51.100.17',
      },
    });
  });

  it('keeps "; " inside a reject reply (an RBL URL) apart from the envelope tail', () => {
    const e = corpusLine('maillog/fail2ban_postfix.log', 'xxx12345 postfix/smtpd[13275]');
    expect(parse(e)?.fields).toMatchObject({
      reply:
        '554 5.7.1 Service unavailable; Client host [87.236.233.182] blocked using rbl.example.com; ' +
        'https://www.example.com/query/ip/87.236.233.182',
      from: 'spammer@example.com',
      helo: 'WIN-5N8GBBS0R5I',
    });
  });

  it('reads a reject with a long queue id under an instance and a master.cf service name', () => {
    const e = corpusLine('maillog/fail2ban_postfix.log', '44JCRG5tYPzCqt2');
    expect(e.program).toBe('postfix-smo/submission/smtpd');
    expect(postfixProgram(e.program)).toEqual({ instance: 'postfix-smo', name: 'submission', service: 'smtpd' });
    expect(parse(e)).toMatchObject({ queueId: '44JCRG5tYPzCqt2', kind: 'reject', fields: { stage: 'BDAT', from: '' } });
  });

  it('reads the stages of one message on modoboa: client, message-id, from, proxy-accept, lmtp, removed', () => {
    const path = 'maillog/modoboa-stats_mail.log';
    expect(parse(corpusLine(path, '1FEB7E00C4: client='))?.fields).toMatchObject({
      client_ip: '127.0.0.1',
      orig_client: 'misas5.babino.pl[207.154.235.157]',
      orig_client_ip: '207.154.235.157',
    });
    expect(parse(corpusLine(path, '1FEB7E00C4: message-id='))).toMatchObject({
      kind: 'message-id',
      fields: { 'message-id': 'de35d4cf3b0862e276fc1afc2f0c14d6@link.crazygecko.pl' },
    });
    expect(parse(corpusLine(path, '1FEB7E00C4: from='))).toMatchObject({
      kind: 'from',
      fields: { from: 'zwroty@babino.pl', size: '53549', nrcpt: '1', queue: 'active' },
    });
    expect(parse(corpusLine(path, 'Ok: queued as 1FEB7E00C4; from='))).toMatchObject({
      kind: 'proxy-accept',
      fields: { queued_as: '1FEB7E00C4', to: 'info@test2.com', helo: 'misas5.babino.pl' },
    });
    expect(parse(corpusLine(path, '1FEB7E00C4: to=<'))).toMatchObject({
      kind: 'delivered',
      fields: { queued_as: '5DDDA1F30002', relay_port: '25' },
    });
    expect(parse(corpusLine(path, '2847EE008E: to=<'))).toMatchObject({
      kind: 'deliverable',
      fields: { dsn: '2.1.5' },
    });
    expect(parse(corpusLine(path, 'qmgr[26163]: 1FEB7E00C4: removed'))).toMatchObject({ kind: 'removed' });
  });

  it('reads deferrals, bounces, expiry and the bounce notification with its new queue id', () => {
    const kumina = 'maillog/kumina_postfix_exporter_testlines.log';
    expect(parse(corpusLine(kumina, 'status=deferred (host mail.domain.com'))).toMatchObject({
      queueId: '732BB407C3',
      kind: 'deferred',
      level: 'warn',
      fields: { dsn: '4.0.0', delays: '0.1/0/5.2/0.87' },
    });
    expect(parse(corpusLine(kumina, 'status=bounced'))).toMatchObject({ kind: 'bounced', level: 'error' });
    expect(parse(corpusLine(kumina, 'status=force-expired'))).toMatchObject({
      queueId: 'BACE842E73',
      kind: 'expired',
      fields: { from: 'noreply@domain.com', status: 'force-expired', status_text: 'returned to sender' },
    });
    expect(parse(corpusLine(kumina, 'non-delivery notification'))).toMatchObject({
      queueId: '732BB407C3',
      kind: 'notification',
      fields: { queued_as: '5DE184083C' },
    });
    expect(parse(corpusLine(kumina, 'said: 451 DT:SPM 163 mx13'))).toMatchObject({
      kind: 'reply',
      fields: { host_ip: '1.1.1.1', code: '451', in_reply_to: 'end of DATA' },
    });
  });

  it('reads smtpd connections, SASL logins and failures, and a failed connect of the smtp client', () => {
    const digineo = 'maillog/digineo_postfix_exporter_mail.log';
    expect(parse(corpusLine(digineo, '838FC8A5F: client='))).toMatchObject({
      queueId: '838FC8A5F',
      kind: 'client',
      fields: { client_ip: 'fe80::1:2:3:4', sasl_method: 'PLAIN', sasl_username: 'out@example.org' },
    });
    expect(parse(corpusLine(digineo, 'disconnect from unknown[0.0.0.0]'))).toMatchObject({
      kind: 'disconnect',
      fields: { client_ip: '0.0.0.0', rcpt: '0/1', commands: '3/4' },
    });
    expect(parse(corpusLine(digineo, 'SASL PLAIN authentication failed'))).toMatchObject({
      kind: 'auth-failed',
      level: 'warn',
      fields: { client_ip: '192.168.1.2', sasl_method: 'PLAIN', reason: 'generic failure' },
    });
    const f2b = 'maillog/fail2ban_postfix.log';
    expect(parse(corpusLine(f2b, 'reason unavailable'))?.fields).toMatchObject({ sasl_username: 'admin' });
    const gh = 'maillog/github_issue_excerpts_postfix_amavis_clamd_sasl.txt';
    expect(parse(corpusLine(gh, 'smtp[1013]: connect to 127.0.0.1'))).toMatchObject({
      kind: 'connect-failed',
      fields: { host_ip: '127.0.0.1', host_port: '10024', reason: 'Connection refused' },
    });
  });

  it('reads postscreen, master and pickup lines', () => {
    const gh = 'maillog/github_issue_excerpts_postfix_amavis_clamd_sasl.txt';
    expect(parse(corpusLine(gh, 'CONNECT from [127.0.0.1]:45916'))).toMatchObject({
      kind: 'connect',
      fields: { client_port: '45916', server_port: '25' },
    });
    const weak = 'cyrus/postfix_to_cyrus_lmtp_delivery_logs_weak_provenance.txt';
    expect(parse(corpusLine(weak, 'daemon started'))).toMatchObject({
      kind: 'started',
      fields: { version: '2.4.5', config_directory: '/etc/postfix' },
    });
    expect(parse(corpusLine(weak, '602202C056F: uid=1001'))).toMatchObject({
      kind: 'pickup',
      fields: { uid: '1001', from: 'genesisma' },
    });
  });
});
