// The trace rendered: the text hop table and ends, the JSON document (version 1, raw lines, no parsed LogLine).
import { describe, expect, it } from 'vitest';
import { buildTrace } from '../../src/trace/build.js';
import { renderTraceJson, renderTraceText } from '../../src/trace/render.js';
import { fixtureLines, labBook } from './lines.js';

const lines = fixtureLines('healthy', ['relay', 'servera', 'serverb']);
const result = buildTrace(lines, { queueId: 'EDA0310E228', until: Date.UTC(2026, 11, 7, 2, 30) }, labBook);

describe('renderTraceText', () => {
  it('prints the message, a hop table with every column, and each end', () => {
    const text = renderTraceText(result, { color: false });
    const rows = text.split('\n');
    expect(rows[0]).toBe('message <h4fx1796609692-out@example.com> from <test1001@example.com>, 2026-12-07 02:14:52');
    expect(rows[1]).toMatch(/^ {2}HOST +TIME +QUEUE ID +STEP +STATUS +DELAY +SINCE PREV$/);
    expect(rows).toContainEqual(
      expect.stringMatching(
        /^ {2}servera +02:14:52 +EDA0310E228 +pipe: to <exch02@example.com> -> procmail +sent \(delivered via procmail/,
      ),
    );
    expect(rows).toContainEqual(
      '  exch02@example.com: delivered - smtp handed to Exchange 127.0.10.20:25 (250 2.0.0 Ok: queued as 17DB810C857)',
    );
    expect(text).not.toContain('\x1b[');
    expect(renderTraceText(result, { color: true })).toContain('\x1b[32mdelivered\x1b[0m');
  });

  it('says when nothing was found', () => {
    expect(renderTraceText({ query: { queueId: 'X1' }, messages: [], exitCode: 3 }, { color: false })).toBe(
      'no message found for X1\n',
    );
  });
});

describe('renderTraceJson', () => {
  it('is one document: version, query, messages with hops (raw line kept) and ends, exit code', () => {
    const doc = JSON.parse(renderTraceJson(result)) as Record<string, unknown> & {
      messages: { hops: Record<string, unknown>[]; ends: unknown[] }[];
    };
    expect(doc).toMatchObject({ version: 1, query: { queueId: 'EDA0310E228' }, exitCode: 0 });
    const hop = doc.messages[0]!.hops[0]!;
    expect(hop).toMatchObject({ host: 'servera', queueId: 'EDA0310E228', source: 'maillog' });
    expect(hop.raw).toMatch(/^Dec {2}7 02:14:52 node8888 postfix\/smtpd\[27094\]: EDA0310E228: client=/);
    expect(hop).not.toHaveProperty('line');
    expect(doc.messages[0]!.ends).toHaveLength(2);
  });
});
