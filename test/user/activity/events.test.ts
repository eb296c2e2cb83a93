// The user's events in real lab log lines (cyrus 3.6, postfix 3.7, saslauthd on Debian 12), failed logins paired
// into attempts, and the failed-login threshold at its edge.
import { describe, expect, it } from 'vitest';
import { parseLogLine } from '../../../src/logs/parse-line.js';
import { activityVerdict } from '../../../src/user/activity/activity-verdict.js';
import { failedAttempts } from '../../../src/user/activity/failed-logins.js';
import type { UserLogRead } from '../../../src/user/activity/log-read.js';
import { withoutOwnLogins } from '../../../src/user/activity/own-sweep.js';
import { addressOwner } from '../../../src/user/activity/user-address.js';
import { userEvent, type UserEvent } from '../../../src/user/activity/user-events.js';

const MTIME = Date.UTC(2026, 11, 7, 6, 0, 0);
const TARGET = { login: 'test1004', addresses: ['test1004@example.com', 'max.muster@example.org'] };
const owns = addressOwner(TARGET);

function events(lines: readonly string[], host = 'servera'): UserEvent[] {
  return lines.flatMap((text) => {
    const line = parseLogLine(text, {
      host,
      source: 'maillog',
      kind: 'syslog',
      fileMtimeMs: MTIME,
      utcOffsetMinutes: 0,
    });
    const e = userEvent(line, TARGET.login, owns);
    return e ? [e] : [];
  });
}

const WRONG_PASSWORD = [
  'Dec  7 05:04:32 node8888 cyrus/imap[2997]: badlogin: node8888.example.com [127.0.10.2] plaintext (test1004) [SASL(-13): user not found: checkpass failed]',
  'Dec  7 05:04:32 node8888 saslauthd[26124]:                 : auth failure: [user=test1004] [service=imap] [realm=] [mech=kerberos5] [reason=krb5_get_init_creds_password failed]',
];

describe('userEvent', () => {
  it('takes deliveries, logins and failed logins of the user, and nothing of another user', () => {
    const found = events([
      'Dec  7 05:01:41 node8888 cyrus/lmtpunix[26187]: Delivered: <x-in@example.com> to mailbox: user.test1004',
      'Dec  7 05:01:41 node8888 postfix/lmtp[27294]: 5F1551A201A: to=<test1004@oxmail.example.com>, orig_to=<test1004@example.com>, relay=oxmail.example.com[/var/lib/imap/socket/lmtp], delay=0.04, delays=0.01/0/0.01/0.02, dsn=2.1.5, status=sent (250 2.1.5 Success)',
      'Dec  7 05:01:42 relay postfix/smtp[4110]: B1AED1A0089: to=<max.muster@example.org>, relay=127.0.10.2[127.0.10.2]:10025, delay=0.04, delays=0/0.01/0.03/0, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as BADFB1A2029)',
      'Dec  7 05:02:26 node8888 cyrus/imap[26186]: login: node8888.example.com [127.0.10.2] test1004 PLAIN+TLS User logged in SESSIONID=<cyrus-1796619745-26186-1-9557435231319749348>',
      'Dec  7 05:10:23 node8888 postfix/smtpd[9312]: 705E31A2037: client=node8888.example.com[127.0.10.2], sasl_method=PLAIN, sasl_username=test1004',
      ...WRONG_PASSWORD,
      // another user, and a longer login that starts with this one
      'Dec  7 05:02:27 node8888 cyrus/imap[26187]: login: node8888.example.com [127.0.10.2] test10041 PLAIN+TLS User logged in',
      'Dec  7 05:04:33 node8888 saslauthd[26124]:                 : auth failure: [user=cyrus] [service=imap] [realm=] [mech=kerberos5] [reason=krb5_get_init_creds_password failed]',
      'Dec  7 05:01:43 node8888 postfix/lmtp[27294]: 6F1551A201A: to=<test10041@oxmail.example.com>, relay=oxmail.example.com[/var/lib/imap/socket/lmtp], delay=0.04, delays=0.01/0/0.01/0.02, dsn=2.1.5, status=sent (250 2.1.5 Success)',
    ]);
    expect(found.map((e) => `${e.kind} ${e.family ?? '-'} ${e.what}`)).toEqual([
      'delivery - cyrus/lmtpunix into user.test1004',
      'delivery - postfix/lmtp to=<test1004@oxmail.example.com> relay=oxmail.example.com[/var/lib/imap/socket/lmtp]',
      'delivery - postfix/smtp to=<max.muster@example.org> relay=127.0.10.2[127.0.10.2]:10025',
      'login - cyrus/imap PLAIN+TLS from 127.0.10.2',
      'login - postfix/smtpd SMTP AUTH PLAIN from node8888.example.com[127.0.10.2]',
      'failed-login server cyrus/imap from 127.0.10.2',
      'failed-login auth saslauthd (service imap)',
    ]);
  });
});

describe('failedAttempts', () => {
  it("pairs cyrus' badlogin with saslauthd's line of the same second: one attempt with both reasons", () => {
    const attempts = failedAttempts(events(WRONG_PASSWORD));
    expect(attempts).toHaveLength(1);
    expect(attempts[0]!.reason).toBe(
      'SASL(-13): user not found: checkpass failed; saslauthd: krb5_get_init_creds_password failed',
    );
  });

  it('counts a saslauthd failure without a server line (PLAIN with cyrus 3 "(-notset-)") alone', () => {
    expect(
      failedAttempts(events([WRONG_PASSWORD[1]!, WRONG_PASSWORD[0]!.replace('05:04:32', '05:09:00')])),
    ).toHaveLength(2);
  });
});

describe('activityVerdict', () => {
  // n wrong passwords a minute apart, the last one a minute before now
  const read = (n: number): UserLogRead => {
    const lines = Array.from({ length: n }, (_, i) =>
      WRONG_PASSWORD.map((l) => l.replace('05:04:32', `05:${String(10 + i).padStart(2, '0')}:00`)),
    ).flat();
    return { window: { files: [], startAt: new Map() }, events: events(lines), linesRead: lines.length, problems: [] };
  };
  const now = (n: number): number => Date.UTC(2026, 11, 7, 5, 10 + n, 0);

  it('4 failed logins in the last hour are OK, said with the limit', () => {
    const o = activityVerdict('servera', 'test1004', read(4), now(4));
    expect(o.status).toBe('ok');
    expect(o.steps![2]!.summary).toMatch(
      /^servera: 4 failed logins of test1004 in the last hour \(expected at most 4\), the last at /,
    );
  });

  it('5 make a WARN naming the client and the fix; 50 a CRIT; older than an hour do not count', () => {
    const o = activityVerdict('servera', 'test1004', read(5), now(5));
    expect(o.status).toBe('warn');
    expect(o.summary).toMatch(
      /^servera: 5 failed logins of test1004 in the last hour \(expected at most 4\), the last at \d\d:\d\d:\d\d \(60 s ago\) \(cyrus\/imap from 127\.0\.10\.2: SASL\(-13\): user not found: checkpass failed; saslauthd: krb5_get_init_creds_password failed\)$/,
    );
    expect(o.hint).toMatch(/^a client from 127\.0\.10\.2 keeps trying a wrong or old password for test1004/);
    expect(activityVerdict('servera', 'test1004', read(50), now(50)).status).toBe('crit');
    expect(activityVerdict('servera', 'test1004', read(5), now(5) + 3_600_000).status).toBe('ok');
  });
});

describe('withoutOwnLogins', () => {
  it("leaves out logins and failed logins from 5 s before the probe on (the sweep's own), not deliveries", () => {
    const found = events([
      'Dec  7 05:01:41 node8888 cyrus/lmtpunix[26187]: Delivered: <x-in@example.com> to mailbox: user.test1004',
      'Dec  7 05:01:42 node8888 cyrus/imap[26186]: login: node8888.example.com [127.0.10.2] test1004 PLAIN+TLS User logged in',
      'Dec  7 05:00:00 node8888 cyrus/imap[26186]: login: node8888.example.com [127.0.10.2] test1004 PLAIN+TLS User logged in',
    ]);
    const read: UserLogRead = { window: { files: [], startAt: new Map() }, events: found, linesRead: 3, problems: [] };
    const kept = withoutOwnLogins(read, Date.UTC(2026, 11, 7, 5, 1, 44));
    expect(kept.events.map((e) => `${e.kind} ${new Date(e.time).toISOString()}`)).toEqual([
      'delivery 2026-12-07T05:01:41.000Z',
      'login 2026-12-07T05:00:00.000Z',
    ]);
    expect(kept.ownLeftOut).toBe(1);
    const o = activityVerdict('servera', 'test1004', kept, Date.UTC(2026, 11, 7, 5, 1, 44));
    expect(o.steps![1]!.summary).toMatch(/\(1 in the window\) \(1 login during this sweep left out: oxdoctor's own\)$/);
  });
});

describe('the failed logins step', () => {
  it('says each reason once: a pair and a lone saslauthd line with the same reason', () => {
    const lines = [
      ...WRONG_PASSWORD,
      'Dec  7 05:09:00 node8888 saslauthd[26124]:                 : auth failure: [user=test1004] [service=imap] [realm=] [mech=kerberos5] [reason=krb5_get_init_creds_password failed]',
    ];
    const read: UserLogRead = {
      window: { files: [], startAt: new Map() },
      events: events(lines),
      linesRead: 3,
      problems: [],
    };
    const o = activityVerdict('servera', 'test1004', read, Date.UTC(2026, 11, 7, 5, 10, 0));
    expect(o.steps![2]!.summary).toMatch(
      /^servera: 2 failed logins of test1004 in the last hour \(expected at most 4\), the last at \S+ \(60 s ago\) \(saslauthd \(service imap\): SASL\(-13\): user not found: checkpass failed; saslauthd: krb5_get_init_creds_password failed\)$/,
    );
  });
});
