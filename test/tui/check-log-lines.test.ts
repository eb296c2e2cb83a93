// The table of which log lines concern which check, on real corpus lines parsed by the real line parser.
import { describe, expect, it } from 'vitest';
import { CHECK_LOG_RULES, logRuleFor, rulesMatching } from '../../src/tui/check-log-lines.js';
import type { LogLine } from '../../src/logs/types.js';
import { haveCorpus } from '../logs/corpus-lines.js';
import { corpusLogLines, logLine } from './log-lines.js';

const ISSUES = 'maillog/github_issue_excerpts_postfix_amavis_clamd_sasl.txt';
const checksOf = (line: LogLine): string[] => rulesMatching(line).map((r) => r.check);

describe.runIf(haveCorpus)('the check -> log lines table on real lines', () => {
  it('gives service/amavis postfix failing to reach amavis on 10024 (connect refused, and the deferral)', () => {
    const lines = corpusLogLines(ISSUES, '127.0.0.1[127.0.0.1]:10024: Connection refused');
    expect(lines).toHaveLength(2);
    expect(lines.map((l) => l.kind)).toEqual(['connect-failed', 'deferred']);
    expect(checksOf(lines[0]!)).toEqual(['service/amavis']);
    expect(checksOf(lines[1]!)).toEqual(['service/amavis', 'queue/depth']);
  });

  it("gives mailbox/imap-login cyrus' badlogin lines, and service/sieve timsieved's", () => {
    const imap = corpusLogLines('cyrus/fail2ban_cyrus-imap.log', 'badlogin:', 'servera');
    expect(imap.length).toBeGreaterThanOrEqual(3);
    for (const l of imap) expect(checksOf(l), l.raw).toEqual(['mailbox/imap-login']);
    const sieve = corpusLogLines('cyrus/fail2ban_sieve.log', 'badlogin:', 'servera');
    expect(sieve.length).toBeGreaterThanOrEqual(2);
    for (const l of sieve) expect(checksOf(l), l.raw).toEqual(['service/sieve']);
  });

  it('gives queue/depth the deferred deliveries, and no check the sent ones', () => {
    const deferred = corpusLogLines(ISSUES, 'status=deferred');
    expect(deferred.length).toBeGreaterThanOrEqual(3);
    for (const l of deferred) expect(checksOf(l), l.raw).toContain('queue/depth');
    const sent = corpusLogLines(ISSUES, 'status=sent');
    expect(sent.length).toBeGreaterThanOrEqual(2);
    for (const l of sent) expect(checksOf(l), l.raw).toEqual([]);
  });

  it("gives identity checks saslauthd's auth failures (not postfix's own SASL warnings)", () => {
    const [sasl] = corpusLogLines(ISSUES, 'saslauthd[624]: do_auth');
    expect(sasl?.kind).toBe('auth-failure');
    expect(checksOf(sasl!)).toEqual(['identity/*']);
    expect(logRuleFor('identity/kinit')?.check).toBe('identity/*');
    for (const l of corpusLogLines(ISSUES, 'postfix/smtpd[1002]: warning: SASL')) expect(checksOf(l)).toEqual([]);
  });

  it("picks nothing from the amavis lines of a clean or infected verdict, or from clamd's debug chatter", () => {
    const amavis = corpusLogLines(ISSUES, / amavis\[\d+\]: /);
    expect(amavis.length).toBeGreaterThan(10);
    for (const l of amavis) expect(checksOf(l), l.raw).toEqual([]);
  });
});

describe('the check -> log lines table', () => {
  it("gives service/lmtp postfix's lmtp deferrals to cyrus and service/imap cyrus' IOERRORs", () => {
    const lmtp = logLine(
      'Dec  7 01:00:00 servera postfix/lmtp[2000]: 1A2B3C4D5E: to=<test1001@example.com>, relay=none, delay=0.1, ' +
        'delays=0.1/0/0/0, dsn=4.4.1, status=deferred (connect to 127.0.0.1[127.0.0.1]:2003: Connection refused)',
      'servera',
    );
    expect(checksOf(lmtp)).toEqual(['service/lmtp', 'queue/depth']);
    const io = logLine(
      'Dec  7 01:00:00 servera imap[77]: IOERROR: opening /var/lib/imap/x: Permission denied',
      'servera',
    );
    expect(checksOf(io)).toEqual(['service/imap']);
  });

  it('names each rule once, each by a check id or group/*, and says what its lines are', () => {
    const names = CHECK_LOG_RULES.map((r) => r.check);
    expect(new Set(names).size).toBe(names.length);
    for (const r of CHECK_LOG_RULES) {
      expect(r.check).toMatch(/^[a-z]+\/(?:[a-z-]+|\*)$/);
      expect(r.about.length).toBeGreaterThan(5);
    }
    expect(logRuleFor('service/amavis')?.check).toBe('service/amavis');
    expect(logRuleFor('host/disk')).toBeUndefined();
  });
});
