// How the pane writes a line: host colour by the host's place, the time, source and the message from its tag on.
import { describe, expect, it } from 'vitest';
import { hostColor, logLineText } from '../../src/tui/log-line-text.js';
import { logLine } from './log-lines.js';

describe('a log line in the pane', () => {
  it('gives each configured host its own colour, the same one every time', () => {
    const hosts = ['relay', 'servera', 'servera2', 'serverb'];
    const colors = hosts.map((h) => hostColor(h, hosts));
    expect(new Set(colors).size).toBe(4);
    expect(hostColor('serverb', hosts)).toBe(colors[3]);
    expect(hostColor('unknown', hosts)).toBe(hostColor('unknown', hosts));
  });

  it('shows the time, the source and the message from the program tag on, without the syslog frame', () => {
    const line = logLine('Dec  7 01:02:03 relay postfix/qmgr[9]: 4F2A1B3C9D: removed', 'relay');
    expect(logLineText(line)).toMatch(/^\d\d:\d\d:\d\d maillog postfix\/qmgr\[9\]: 4F2A1B3C9D: removed$/);
    const bare = logLine('not a syslog line at all', 'relay');
    expect(logLineText(bare)).toBe('--:--:-- maillog not a syslog line at all');
  });

  it('shows the first line of a multi-line record and how many more it has', () => {
    const line = { ...logLine('Dec  7 01:02:03 relay java[1]: Exception in thread'), raw: 'a\n  at b\n  at c' };
    expect(logLineText(line)).toMatch(/ maillog a \(\+2 lines\)$/);
  });
});
