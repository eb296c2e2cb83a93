import { describe, expect, it } from 'vitest';
import { AMAVIS_PROGRAM, parseAmavisMessage } from '../../src/logs/amavis.js';
import { AmavisJoiner, joinAmavisParts } from '../../src/logs/amavis-join.js';
import { framed, haveCorpus } from './corpus-lines.js';

const ISSUES = 'maillog/github_issue_excerpts_postfix_amavis_clamd_sasl.txt';
const MODOBOA = 'maillog/modoboa-stats_mail.log';

function coverage(path: string) {
  const lines = framed(path, AMAVIS_PROGRAM);
  const parsed = lines.map((l) => parseAmavisMessage(l.message));
  const kinds: Record<string, number> = {};
  for (const p of parsed) if (p) kinds[p.kind ?? ''] = (kinds[p.kind ?? ''] ?? 0) + 1;
  return { lines: lines.length, unknown: parsed.filter((p) => !p).length, kinds, parsed };
}

describe.skipIf(!haveCorpus)('amavis lines of the corpus', () => {
  it('modoboa-stats mail.log: 20 verdict lines, all parsed', () => {
    const c = coverage(MODOBOA);
    expect({ lines: c.lines, unknown: c.unknown, kinds: c.kinds }).toEqual({
      lines: 20,
      unknown: 0,
      kinds: { passed: 20 },
    });
    // line 4: Passed CLEAN {RelayedInbound}, ... queued_as: A0320E00C3, dkim_sd=..., 10172 ms
    expect(c.parsed[0]!.fields).toMatchObject({
      am_id: '14540-09',
      action: 'Passed',
      verdict: 'CLEAN',
      policy: 'RelayedInbound',
      client: '[103.28.42.139]:56540 [103.28.42.139]',
      client_ip: '103.28.42.139',
      client_port: '56540',
      from: 'visitbrussels-huticd1jyidyhxuy1y@cmail19.com',
      to: 'user@test.com',
      'message-id': 'cm.2100050552286.huticd.jyidyhxuy.y@cmail19.com',
      hits: '-1.481',
      size: '142067',
      queued_as: 'A0320E00C3',
      elapsed_ms: '10172',
    });
    // line 25: SPAM passed, tagged
    expect(c.parsed[1]).toMatchObject({ kind: 'passed', fields: { verdict: 'SPAM', hits: '6.89' } });
    expect(c.parsed[2]!.fields).toMatchObject({ client: 'MYNETS LOCAL [127.0.0.1]:53903', from: 'root@localhost' });
  });

  it('GitHub issue excerpts: 15 amavis lines, all parsed (2 verdicts, 2 virus lines, 11 debug notes)', () => {
    const c = coverage(ISSUES);
    expect({ lines: c.lines, unknown: c.unknown, kinds: c.kinds }).toEqual({
      lines: 15,
      unknown: 0,
      kinds: { passed: 1, blocked: 1, infected: 2, note: 11 },
    });
    const [passed, blocked, runAv, virusScan] = c.parsed;
    expect(passed!.fields).toMatchObject({
      am_id: '05136-09',
      verdict: 'CLEAN',
      client: '[194.167.55.26] [193.54.112.219]',
      from: 'ossecm@monitor',
      to: 'xxx.yyyy@mines-paristech.fr,zzzzzzzz@sssssss.mines-paristech.fr',
      mail_id: '0gehnk-A5kVd',
      hits: '-',
      queued_as: 'B60132CB20',
      elapsed_ms: '152',
    });
    expect(blocked).toMatchObject({
      kind: 'blocked',
      level: 'warn',
      fields: {
        action: 'Blocked',
        verdict: 'INFECTED',
        virus: 'Win.Trojan.Generickd-2094',
        quarantine: '3/virus-3tsxby3v3tSL',
        'message-id': '201502100027.t1A0Rldx012631@paris.ensmp.fr',
        size: '253117',
      },
    });
    expect(runAv!.fields).toMatchObject({ scanner: 'ClamAV-clamd', virus: 'Eicar-Signature' });
    expect(virusScan!.fields).toMatchObject({ virus: 'Eicar-Signature', scanners: 'ClamAV-clamd' });
  });
});

describe('amavis lines in the form the seed deployment writes', () => {
  it('takes the postfix Queue-ID as the queue id and queued_as as the re-injected one', () => {
    const p = parseAmavisMessage(
      '(12345-01) Passed CLEAN {RelayedInbound}, [172.18.16.30]:48812 <a@example.com> -> <b@example.com>, ' +
        'Queue-ID: 3F1A2B4C5D, Message-ID: <x.1@example.com>, mail_id: abCD12, Hits: -0.1, size: 1234, ' +
        'queued_as: 4B2C3D4E5F, 2345 ms',
    );
    expect(p).toMatchObject({
      queueId: '3F1A2B4C5D',
      kind: 'passed',
      fields: { queue_id: '3F1A2B4C5D', queued_as: '4B2C3D4E5F', 'message-id': 'x.1@example.com', elapsed_ms: '2345' },
    });
  });

  it('reads the older and rarer verdict forms', () => {
    // amavisd-new before 2.4: no contents category
    expect(
      parseAmavisMessage(
        '(03210-01) Passed, <a@example.com> -> <b@example.com>, Message-ID: <m1@example.com>, Hits: 4.3',
      ),
    ).toMatchObject({ kind: 'passed', fields: { verdict: '', from: 'a@example.com', 'message-id': 'm1@example.com' } });
    // a banned part's description with parentheses inside
    expect(
      parseAmavisMessage(
        '(03210-02) Blocked BANNED (multipart/mixed | application/octet-stream,.exe,Scan (1).exe), ' +
          '[10.1.1.1] [10.1.1.1] <a@example.com> -> <b@example.com>, quarantine: banned-x1, mail_id: x1, ' +
          'Hits: -, 17 ms',
      ),
    ).toMatchObject({
      kind: 'blocked',
      fields: {
        verdict: 'BANNED',
        detail: 'multipart/mixed | application/octet-stream,.exe,Scan (1).exe',
        client: '[10.1.1.1] [10.1.1.1]',
        quarantine: 'banned-x1',
      },
    });
    // the oldest: no action word before INFECTED
    expect(
      parseAmavisMessage(
        '(03210-03) INFECTED (Eicar-Test-Signature), <a@example.com> -> <b@example.com>, quarantine: v-1',
      ),
    ).toMatchObject({ kind: 'blocked', fields: { action: 'Blocked', virus: 'Eicar-Test-Signature' } });
    // a release that drops the commas before Message-ID and size
    expect(
      parseAmavisMessage(
        '(03210-05) Passed BAD-HEADER, [10.1.1.1] [10.1.1.2] <a@example.com> -> <b@example.com> ' +
          'Message-ID: <m5@example.com>, mail_id: m5, Hits: 2.54 size: 4134, 3721 ms',
      ),
    ).toMatchObject({
      fields: { verdict: 'BAD-HEADER', 'message-id': 'm5@example.com', hits: '2.54', size: '4134', elapsed_ms: '3721' },
    });
    // the spam score line
    expect(
      parseAmavisMessage(
        '(03210-04) SPAM, <a@example.com> -> <b@example.com>,<c@example.com>, Yes, score=17.5 tag=2 tag2=6.3 ' +
          'kill=6.3 tests=[BAYES_99=3.5], autolearn=spam',
      ),
    ).toMatchObject({ kind: 'spam-score', fields: { spam: 'Yes', hits: '17.5', to: 'b@example.com,c@example.com' } });
  });

  it('reads amavisd alert marks as warn and error', () => {
    expect(
      parseAmavisMessage(
        '(01234-01) (!)ClamAV-clamd av-scanner FAILED: run_av error: Too many retries to talk to ' +
          '/var/run/clamav/clamd.ctl',
      ),
    ).toMatchObject({ level: 'error', kind: 'scanner-failed', fields: { scanner: 'ClamAV-clamd' } });
    expect(parseAmavisMessage('(01234-01) (!)connect to /var/run/clamav/clamd.ctl failed, attempt #1')).toMatchObject({
      level: 'warn',
      kind: 'note',
    });
    expect(parseAmavisMessage('(01234-01) (!!)TROUBLE in check_mail: x')).toMatchObject({ level: 'error' });
    expect(parseAmavisMessage('something without an id')).toBeUndefined();
    // amavisd 2.13 refusing a config directory others can write (seen when running it for amavis-amavisd.test)
    expect(
      parseAmavisMessage('(!!)TROUBLE in pre_loop_hook: SECURITY PROBLEM, ABORTING at Amavis.pm line 881.'),
    ).toMatchObject({ level: 'error', kind: 'daemon' });
  });
});

describe('joining amavis lines split at ~980 characters', () => {
  const recipients = Array.from({ length: 40 }, (_, i) => `<user${i}@example.com>`).join(',');
  const whole =
    `(04242-03) Passed CLEAN {RelayedInbound}, [10.0.0.1]:4000 <a@example.com> -> ${recipients}, ` +
    'Queue-ID: 3F1A2B4C5D, Message-ID: <m@example.com>, mail_id: x, Hits: 1.2, size: 99, queued_as: 4B2C3D4E5F, 12 ms';
  const body = whole.slice('(04242-03) '.length);
  const parts = [body.slice(0, 500), body.slice(500, 980), body.slice(980)];
  const lines = [
    { pid: 4242, message: `(04242-03) ${parts[0]}...` },
    { pid: 777, message: '(00777-01) Checking: x' },
    { pid: 4242, message: `(04242-03) ...${parts[1]}...` },
    { pid: 4242, message: `...${parts[2]}` },
  ];

  it('merges the parts of one pid across other processes lines, whether or not they repeat the id', () => {
    const joined = joinAmavisParts(lines);
    expect(joined.map((l) => l.pid)).toEqual([777, 4242]);
    expect(joined[1]!.message).toBe(whole);
    expect(parseAmavisMessage(joined[1]!.message)!.fields.to!.split(',')).toHaveLength(40);
  });

  it('takes the alert mark that comes before the ellipsis of a continued part', () => {
    const joined = joinAmavisParts([
      { pid: 9, message: '(00009-01) (!)first half...' },
      { pid: 9, message: '(00009-01) (!)...second half' },
    ]);
    expect(joined.map((l) => l.message)).toEqual(['(00009-01) (!)first halfsecond half']);
  });

  it('keeps every part line in raw, as read', () => {
    const joined = joinAmavisParts([
      { pid: 9, message: '(00009-01) a...', raw: 'Dec  7 00:00:01 h amavis[9]: (00009-01) a...' },
      { pid: 9, message: '(00009-01) ...b', raw: 'Dec  7 00:00:01 h amavis[9]: (00009-01) ...b' },
    ]);
    expect(joined).toEqual([
      {
        pid: 9,
        message: '(00009-01) ab',
        raw: 'Dec  7 00:00:01 h amavis[9]: (00009-01) a...\nDec  7 00:00:01 h amavis[9]: (00009-01) ...b',
      },
    ]);
  });

  it('in follow mode, holds a part until its rest arrives and keeps an orphan part as it is', () => {
    const j = new AmavisJoiner<{ pid: number; message: string }>();
    expect(j.push(lines[0]!)).toEqual([]);
    expect(j.push(lines[1]!)).toEqual([lines[1]]);
    expect(j.push(lines[2]!)).toEqual([]);
    expect(j.push(lines[3]!).map((l) => l.message)).toEqual([whole]);
    expect(j.push({ pid: 5, message: '(00005-01) cut off...' })).toEqual([]);
    expect(j.push({ pid: 5, message: '(00005-02) next task' }).map((l) => l.message)).toEqual([
      '(00005-01) cut off...',
      '(00005-02) next task',
    ]);
    expect(j.flush()).toEqual([]);
  });
});

describe("the lab relay's amavisd-new 2.13 start-up lines", () => {
  it('are daemon lines', () => {
    for (const m of [
      'logging initialized, log level 1, syslog: amavis.mail',
      'SQL base code        NOT loaded',
      'SQL::Log code        NOT loaded',
      'Lookup::LDAP code    NOT loaded',
    ]) {
      expect(parseAmavisMessage(m), m).toMatchObject({ kind: 'daemon', level: 'info' });
    }
  });
});
