import { describe, expect, it } from 'vitest';
import { parseOxRecord } from '../../src/logs/ox.js';
import { assembleOxRecords, OxRecordAssembler } from '../../src/logs/ox-record.js';
import { corpusText, haveCorpus } from './corpus-lines.js';

// The corpus file: "### SOURCE:" blocks of OX's documented log examples. The last block was pasted by an OX
// developer inside a Java comment: its "//            " prefix is the comment's, not the log's.
function blocks(): string[][] {
  return corpusText('open-xchange/ox_appsuite_docs_log_examples.txt')
    .split(/^### SOURCE:.*\n/m)
    .slice(1)
    .map((b) =>
      b
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => l.replace(/^\/\/ {12}/, '')),
    );
}

describe.skipIf(!haveCorpus)('OX records of the App Suite docs examples', () => {
  const records = blocks().flatMap((b) => assembleOxRecords(b));
  const parsed = records.map((r) => (r.headed ? parseOxRecord(r.lines) : undefined));

  it('cuts 82 lines into 11 records; the 4 lines before the first header of the JUL block are an orphan tail', () => {
    const lines = blocks().flat().length;
    const inRecords = records.filter((_, i) => parsed[i]).reduce((n, r) => n + r.lines.length, 0);
    const orphans = records.filter((r) => !r.headed);
    expect({ lines, records: records.length, parsed: parsed.filter(Boolean).length, inRecords }).toEqual({
      lines: 82,
      records: 11,
      parsed: 10,
      inRecords: 78,
    });
    expect(orphans.map((r) => r.lines.length)).toEqual([4]);
    expect(parsed.map((p) => p?.kind)).toEqual([
      'log',
      'log',
      'exception',
      'exception',
      'exception',
      'exception',
      'log',
      'exception',
      undefined,
      'log',
      'log',
    ]);
  });

  it('reads the logback header, the MDC and the message', () => {
    expect(parsed[0]).toEqual({
      level: 'debug',
      kind: 'log',
      time: Date.UTC(2013, 11, 9, 15, 29, 31, 641),
      fields: {
        thread: 'OXWorker-0000001',
        logger: 'com.openexchange.example.SomeLogger',
        text: 'Some very useful debug message.',
        'session.sessionId': '711c651fa4c94dc0894c733c92bc77d4',
        'session.contextId': '1',
        'session.userId': '5',
        'session.userName': 'oxuser',
      },
    });
  });

  it('reads the OX exception code, categories and message, inline or on the next line', () => {
    expect(parsed[2]).toMatchObject({
      level: 'error',
      kind: 'exception',
      fields: { code: 'MSG-1013', categories: 'USER_INPUT', exception_id: '-1316379722-11' },
    });
    expect(parsed[2]!.time).toBeUndefined(); // the docs' "20115" year
    expect(parsed[4]).toMatchObject({
      time: Date.parse('2015-09-01T16:06:40.017+02:00'),
      fields: {
        logger: 'com.openexchange.database.migration.internal.DBMigrationExecutor',
        method: 'run',
        location: 'DBMigrationExecutor.java:152',
        exception: 'com.openexchange.exception.OXException',
        code: 'DBP-0001',
        categories: 'SERVICE_DOWN',
        error: 'Cannot get connection to config DB.',
      },
    });
    expect(parsed[5]).toMatchObject({
      level: 'warn',
      fields: { text: 'Failed to distribute permanent listeners among cluster nodes' },
    });
  });

  it('keeps the stack trace in the record: frames counted, the root cause named', () => {
    const rec = parsed[7]!;
    expect(rec.fields).toMatchObject({
      text: 'Error processing request.',
      'ajax.module': 'mailcompose',
      code: 'MSGCS-0002',
      frames: '17',
      caused_by: expect.stringMatching(/^com\.mysql\.jdbc\.PacketTooBigException: Packet for query is too large/),
    });
  });

  it('reads the OX6 java.util.logging two-line records', () => {
    expect(parsed[8]).toBeUndefined();
    expect(parsed[9]).toMatchObject({
      level: 'debug',
      kind: 'log',
      time: Date.UTC(2012, 7, 9, 4, 51, 26),
      fields: { logger: 'org.slf4j.impl.JCLLoggerAdapter', method: 'trace' },
    });
    expect(parsed[9]!.fields.text).toMatch(/^Closing request AtmosphereRequest/);
  });
});

describe('OX6 java.util.logging records as OX 6 writes them', () => {
  const log = [
    'Nov 25, 2026 2:27:01 PM com.openexchange.imap.IMAPAccess connect',
    "SEVERE: IMAP-0001 Categories=ERROR Message='Login failed'",
    "com.openexchange.exception.OXException: MSG-1000 Categories=ERROR Message='IMAP down' exceptionID=1-2",
    '\tat com.openexchange.imap.IMAPAccess.connect(IMAPAccess.java:10)',
    'Caused by: javax.mail.MessagingException: Connection refused',
    'Nov 25, 2026 12:05:00 AM com.openexchange.push.Foo bar',
    'INFO: started',
  ];

  it('streams: a record is out when the next header comes, the last on flush; PM and 12 AM placed right', () => {
    const a = new OxRecordAssembler();
    const out = log.flatMap((l) => a.push(l));
    expect(out.map((r) => r.lines.length)).toEqual([5]);
    const last = a.flush();
    expect(last.map((r) => r.lines)).toEqual([log.slice(5)]);
    const first = parseOxRecord(out[0]!.lines, 60)!;
    expect(first).toMatchObject({
      level: 'error',
      kind: 'exception',
      time: Date.UTC(2026, 10, 25, 13, 27, 1),
      fields: { method: 'connect', code: 'MSG-1000', caused_by: 'javax.mail.MessagingException: Connection refused' },
    });
    expect(parseOxRecord(last[0]!.lines)!.time).toBe(Date.UTC(2026, 10, 25, 0, 5, 0));
    expect(parseOxRecord(['no header'])).toBeUndefined();
  });

  it('finds the OX code in the message line when no exception line follows (OX 6 wording)', () => {
    const rec = parseOxRecord([
      'Nov 25, 2026 2:27:01 PM com.openexchange.database.internal.ConfigDatabaseServiceImpl get',
      "SEVERE: DBP-0001 Category=5, Message='Cannot get connection to config DB.', exceptionID=-17715-6",
    ]);
    expect(rec).toMatchObject({
      level: 'error',
      kind: 'log',
      fields: {
        code: 'DBP-0001',
        categories: '5',
        error: 'Cannot get connection to config DB.',
        exception_id: '-17715-6',
      },
    });
  });
});
