// The user report as text (the verdict first with fixes, then the path; --verbose the evidence; the send report)
// and as JSON (version 1, absent values null, nothing missing).
import { describe, expect, it } from 'vitest';
import { renderUserJson } from '../../src/user/render-json.js';
import { renderUserText } from '../../src/user/render-text.js';
import { REPORT, SENT_REPORT } from '../tui/user-report-fixture.js';

describe('renderUserText', () => {
  it('the headline, the verdict in order with each fix, then one line per hop', () => {
    const text = renderUserText(REPORT);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(
      /^(CRITICAL|WARNING): test1001 <test1001@example\.com, t\.one@example\.com>: \d+ problems? - \d+ checks in /,
    );
    const verdict = lines.findIndex((l) => /^Problems?, in the order mail and logins travel:$/.test(l));
    expect(verdict).toBe(2);
    expect(lines[verdict + 1]).toMatch(/^ 1\. (CRIT|WARN) /);
    expect(lines[verdict + 2]).toMatch(/^ {4}fix: /);
    const path = lines.indexOf('The path:');
    expect(path).toBeGreaterThan(verdict);
    expect(
      lines.slice(path + 1, path + 1 + REPORT.hops.length).map((l) => l.slice(6).trim().split(/ {2,}/)[0]),
    ).toEqual(REPORT.hops.map((h) => h.title));
    expect(text).toMatch(/\(--verbose: each hop's checks, steps and evidence\)\n$/);
  });

  it('--verbose: each result of each hop with its steps and evidence', () => {
    const plain = renderUserText(REPORT);
    const verbose = renderUserText(REPORT, { verbose: true });
    const first = REPORT.hops[0]!.results[0]!;
    expect(verbose).toContain(`${first.check}@${first.host}: `);
    expect(verbose.length).toBeGreaterThan(plain.length);
    expect(verbose).not.toMatch(/--verbose: each hop/);
  });

  it('the send report: each message, each copy with its time or its stop, and what was deleted', () => {
    const text = renderUserText(SENT_REPORT);
    expect(text).toMatch(/\nTest messages: (OK|WARN|CRIT|UNKN) /);
    for (const m of SENT_REPORT.send!.messages) expect(text).toContain(m.messageId);
    expect(text).toMatch(/(test message copies deleted afterwards|kept in the mailboxes \(--keep\))/);
  });
});

describe('renderUserJson', () => {
  it('version 1 with every field present (null where absent), results as check --format json has them', () => {
    const doc = JSON.parse(renderUserJson(REPORT)) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual([
      'version',
      'tool',
      'command',
      'query',
      'login',
      'addresses',
      'status',
      'exitCode',
      'verdict',
      'hops',
      'send',
      'startedAt',
      'durationMs',
    ]);
    expect(doc).toMatchObject({ version: 1, tool: 'oxdoctor', command: 'user', send: null });
    const hops = doc.hops as { results: Record<string, unknown>[] }[];
    expect(Object.keys(hops[0]!.results[0]!)).toEqual(
      expect.arrayContaining(['check', 'host', 'status', 'summary', 'hint', 'evidence', 'metrics', 'steps']),
    );
    const verdict = doc.verdict as Record<string, unknown>[];
    for (const p of verdict) expect(Object.keys(p)).toEqual(['hop', 'host', 'check', 'status', 'sentence', 'fix']);
    const sent = JSON.parse(renderUserJson(SENT_REPORT)) as {
      send: { messages: { copies: Record<string, unknown>[] }[] };
    };
    for (const c of sent.send.messages.flatMap((m) => m.copies)) expect('stoppedAt' in c && 'seconds' in c).toBe(true);
  });
});
