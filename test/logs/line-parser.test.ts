// LogLineParser: the per-file state parseLogLine cannot have. A real rsyslogd (this machine's, run privately on
// its own socket and file) reducing repeated lines; amavis parts joined back; OX records of the corpus assembled;
// sysklogd's "last message repeated" given the previous line; holding and flush for the idle flush of follow.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogLineParser } from '../../src/logs/line-parser.js';
import { assembleOxRecords } from '../../src/logs/ox-record.js';
import type { LogLine, LogSource, RawLine, SourceKind } from '../../src/logs/types.js';
import { corpusText, haveCorpus } from './corpus-lines.js';

const MTIME = Date.UTC(2026, 11, 7);

function parserFor(kind: SourceKind, source = 'maillog', utcOffsetMinutes = 0) {
  const src: LogSource = { host: 'relay', source, kind, path: `/var/log/${source}` };
  const parser = new LogLineParser({ host: 'relay', source, kind, utcOffsetMinutes });
  const raw = (text: string, fileMtimeMs = MTIME): RawLine => ({ source: src, path: src.path, text, fileMtimeMs });
  const feed = (texts: readonly string[], fileMtimeMs = MTIME): LogLine[] => [
    ...texts.flatMap((t) => parser.push(raw(t, fileMtimeMs))),
    ...parser.flush(),
  ];
  return { parser, raw, feed };
}

const haveRsyslog = spawnSync('rsyslogd', ['-v']).status === 0 && spawnSync('logger', ['-V']).status === 0;

describe.skipIf(!haveRsyslog)("a real rsyslogd's repeated-message reduction", () => {
  const dir = mkdtempSync(`${tmpdir()}/rsyslog-`);
  const log = `${dir}/maillog`;
  let rsyslogd: ChildProcess | undefined;
  const WARNING = 'warning: hostname x.example does not resolve to address 192.0.2.1';

  beforeAll(async () => {
    writeFileSync(
      `${dir}/rsyslog.conf`,
      [
        `global(workDirectory="${dir}")`,
        'module(load="imuxsock" SysSock.Use="off")',
        `input(type="imuxsock" Socket="${dir}/log" RateLimit.Interval="0")`,
        '$RepeatedMsgReduction on',
        '$ActionFileDefaultTemplate RSYSLOG_TraditionalFileFormat',
        `mail.* ${log}`,
        '',
      ].join('\n'),
    );
    rsyslogd = spawn('rsyslogd', ['-n', '-f', `${dir}/rsyslog.conf`, '-i', `${dir}/pid`], { stdio: 'ignore' });
    for (let i = 0; i < 50 && !existsSync(`${dir}/log`); i++) await new Promise((r) => setTimeout(r, 100));
    const logger = (tag: string, id: string, priority: string, message: string) =>
      spawnSync('logger', ['-u', `${dir}/log`, '-p', priority, '-t', tag, `--id=${id}`, message]);
    for (let i = 0; i < 5; i++) logger('postfix/smtpd', '777', 'mail.warning', WARNING);
    logger('postfix/qmgr', '778', 'mail.info', '3F1A2B4C5D: removed');
    for (let i = 0; i < 50 && !/removed/.test(existsSync(log) ? readFileSync(log, 'utf8') : ''); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
  });
  afterAll(() => {
    rsyslogd?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes one line for 4 repeats; the parser gives one LogLine with fields.repeated, not 4', () => {
    const texts = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    expect(texts).toHaveLength(3);
    expect(texts[1]).toMatch(/postfix\/smtpd\[777\]: message repeated 4 times: \[ ?warning: hostname/);
    // rsyslog stamps this machine's local time
    const lines = parserFor('syslog', 'maillog', -new Date().getTimezoneOffset()).feed(texts, statSync(log).mtimeMs);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ program: 'postfix/smtpd', pid: 777, kind: 'warning', level: 'warn' });
    expect(lines[0]!.fields.repeated).toBeUndefined();
    expect(lines[1]).toMatchObject({ program: 'postfix/smtpd', pid: 777, kind: 'warning', raw: texts[1] });
    expect(lines[1]!.fields).toMatchObject({ repeated: '4', text: expect.stringContaining('does not resolve') });
    expect(lines[2]).toMatchObject({ program: 'postfix/qmgr', queueId: '3F1A2B4C5D', kind: 'removed' });
    expect(Math.abs(lines[2]!.time! - Date.now())).toBeLessThan(120_000); // this year, local time placed
  });
});

describe("sysklogd's 'last message repeated N times'", () => {
  it('takes the previous line of the file: program, queue id, kind, fields, plus repeated', () => {
    const prev = 'Nov  5 14:27:01 relay postfix/smtpd[77]: warning: hostname x does not resolve to address 192.0.2.1';
    const lines = parserFor('syslog').feed([prev, 'Nov  5 14:27:31 relay last message repeated 12 times']);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({
      program: 'postfix/smtpd',
      pid: 77,
      kind: 'warning',
      time: Date.UTC(2026, 10, 5, 14, 27, 31),
      raw: 'Nov  5 14:27:31 relay last message repeated 12 times',
      fields: { repeated: '12', text: lines[0]!.fields.text },
    });
  });

  it('with no previous line it stays a repeat of nothing known', () => {
    const lines = parserFor('syslog').feed(['Nov  5 14:27:31 relay last message repeated 2 times']);
    expect(lines).toEqual([expect.objectContaining({ kind: 'repeated', fields: { repeated: '2' } })]);
  });
});

describe.skipIf(!haveCorpus)('amavis parts joined back', () => {
  // A real verdict of the corpus (modoboa's mail.log line 4), cut the way amavisd cuts long texts.
  const verdict = corpusText('maillog/modoboa-stats_mail.log')
    .split('\n')
    .find((l) => l.includes('queued_as: A0320E00C3'))!
    .replace(/^%\(day\)s /, 'Nov 16 ');
  const head = verdict.slice(0, verdict.indexOf('(14540-09) ') + '(14540-09) '.length);
  const body = verdict.slice(head.length);
  const cut = body.indexOf('Message-ID');
  const part1 = `${head}${body.slice(0, cut)}...`;
  const part2 = `${head.replace('11:00:20', '11:00:21')}...${body.slice(cut)}`;
  const other = 'Nov 16 11:00:20 server postfix/qmgr[26163]: A0320E00C3: removed';

  it('holds the first part, passes other lines through, and gives the whole verdict with both raw lines', () => {
    const { parser, raw } = parserFor('syslog');
    expect(parser.push(raw(part1))).toEqual([]);
    expect(parser.holding).toBe(true);
    expect(parser.push(raw(other))).toEqual([expect.objectContaining({ kind: 'removed' })]);
    const joined = parser.push(raw(part2));
    expect(parser.holding).toBe(false);
    expect(joined).toHaveLength(1);
    expect(joined[0]).toMatchObject({
      program: 'amavis',
      pid: 14540,
      kind: 'passed',
      time: Date.UTC(2026, 10, 16, 11, 0, 20), // the first part's
      raw: `${part1}\n${part2}`,
      fields: { queued_as: 'A0320E00C3', 'message-id': 'cm.2100050552286.huticd.jyidyhxuy.y@cmail19.com' },
    });
  });

  it('a part whose rest never comes leaves after 10,000 lines of a busy file, before the next line', () => {
    const { parser, raw } = parserFor('syslog');
    expect(parser.push(raw(part1))).toEqual([]);
    for (let i = 0; i < 10_000; i++) expect(parser.push(raw(other))).toHaveLength(1);
    expect(parser.holding).toBe(true);
    const out = parser.push(raw(other));
    expect(out.map((l) => l.program)).toEqual(['amavis', 'postfix/qmgr']);
    expect(out[0]!.raw).toBe(part1);
    expect(parser.holding).toBe(false);
  });

  it('a part whose rest never comes leaves on flush, as it was', () => {
    const { parser, raw } = parserFor('syslog');
    parser.push(raw(part1));
    const flushed = parser.flush();
    expect(flushed).toEqual([expect.objectContaining({ program: 'amavis', raw: part1 })]);
    expect(parser.holding).toBe(false);
  });
});

describe.skipIf(!haveCorpus)('OX records of the corpus assembled', () => {
  const lines = corpusText('open-xchange/ox_appsuite_docs_log_examples.txt')
    .split('\n')
    .filter((l) => !l.startsWith('### '));

  it('one LogLine per record, raw holding all its lines, the exception parsed', () => {
    const { parser, raw } = parserFor('ox', 'ox');
    const out = lines.flatMap((l) => parser.push(raw(l)));
    expect(parser.holding).toBe(true); // the last record waits for the next header (or idle)
    out.push(...parser.flush());
    expect(parser.holding).toBe(false);
    const records = assembleOxRecords(lines);
    expect(out).toHaveLength(records.length);
    expect(out.map((l) => l.raw)).toEqual(records.map((r) => r.lines.join('\n')));
    const compose = out.find((l) => l.raw.startsWith('2020-06-19T12:07:32,692+0000'))!;
    expect(compose).toMatchObject({
      program: 'open-xchange',
      level: 'error',
      kind: 'exception',
      time: Date.UTC(2020, 5, 19, 12, 7, 32, 692),
      fields: { code: 'MSGCS-0002', 'ajax.action': 'addAttachment', exception_id: '594293590-3689527' },
    });
  });
});

describe('sources without state', () => {
  it('Apache and oxldapsync lines come out one for one', () => {
    const { parser, raw } = parserFor('apache-access', 'apache-access');
    const out = parser.push(raw('10.0.0.1 - - [06/Dec/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 5'));
    expect(out).toEqual([expect.objectContaining({ kind: 'request', fields: expect.objectContaining({ path: '/' }) })]);
    expect(parser.holding).toBe(false);
    expect(parser.flush()).toEqual([]);
  });
});
