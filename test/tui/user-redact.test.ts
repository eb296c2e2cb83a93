// What the user view prints passes the redactor: a secret anywhere in the report (a result's evidence, a step, a
// verdict sentence, the send report) is masked before the view holds it; the account's dates stay dates.
import { describe, expect, it } from 'vitest';
import { Redactor } from '../../src/core/redact.js';
import { redactReport } from '../../src/tui/user-redact.js';
import { ENTRY, REPORT, result, SENT_REPORT } from './user-report-fixture.js';

const SECRET = 'Lab-Secret-4711!';

describe('redactReport', () => {
  it('masks a registered secret in every string of the report and keeps the dates', () => {
    const redactor = new Redactor();
    redactor.register(SECRET);
    const leaky = {
      ...SENT_REPORT,
      verdict: [{ ...REPORT.verdict[0]!, sentence: `relay: login with ${SECRET} refused` }],
      hops: [
        {
          ...REPORT.hops[0]!,
          results: [
            result('user/kerberos', 'AD', 'crit', 'kinit failed', {
              evidence: [{ label: '$ kinit test1001', text: `Password for test1001: ${SECRET}` }],
              steps: [{ name: 'kinit', status: 'crit', summary: `sent ${SECRET}` }],
            }),
          ],
        },
      ],
      send: { ...SENT_REPORT.send!, summary: `stopped: ${encodeURIComponent(SECRET)}` },
    };
    const out = redactReport(leaky, redactor);
    const text = JSON.stringify(out);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(encodeURIComponent(SECRET));
    expect(text).toContain('********');
    expect(out.verdict[0]!.sentence).toBe('relay: login with ******** refused');
    expect(out.hops[0]!.results[0]!.evidence[0]!.text).toBe('Password for test1001: ********');
    const entry = out.identity.kind === 'found' ? out.identity.entry : undefined;
    expect(entry?.account.passwordLastSet).toEqual(ENTRY.account.passwordLastSet);
    expect(entry?.account.passwordLastSet).toBeInstanceOf(Date);
  });
});
