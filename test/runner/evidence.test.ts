import { describe, expect, it } from 'vitest';
import { execEvidence, shorten } from '../../src/runner/evidence.js';

describe('evidence', () => {
  it('keeps short text whole and cuts the middle of long text', () => {
    expect(shorten('abc', 2, 2)).toBe('abc');
    expect(shorten('abcdefghij', 3, 2)).toBe('abc\n... 5 characters omitted ...\nij');
  });

  it('describes a timed-out command without output', () => {
    const e = execEvidence({
      argv: ['postqueue', '-j'],
      code: null,
      signal: 'SIGKILL',
      stdout: '',
      stderr: '',
      durationMs: 1000.4,
      timedOut: true,
      cancelled: false,
      truncated: false,
    });
    expect(e).toEqual({ label: '$ postqueue -j', text: '(timed out, 1000 ms)' });
  });
});
