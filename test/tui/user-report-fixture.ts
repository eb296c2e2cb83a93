// A UserReport as runUser makes it (src/user/report.ts), for the user view's tests: test1001 of the lab with the
// relay's map for one address missing and an OX sync warning; sentences as the probes write them.
import type { Result } from '../../src/core/result.js';
import type { Status } from '../../src/core/status.js';
import type { AdUserEntry } from '../../src/user/ad-entry.js';
import type { UserHop, UserReport } from '../../src/user/report.js';
import type { SendReport } from '../../src/user/send/types.js';

export const ENTRY: AdUserEntry = {
  dn: 'CN=test1001,OU=Users,DC=example,DC=com',
  sAMAccountName: 'test1001',
  userPrincipalName: 'test1001@example.com',
  mail: 'test1001@example.com',
  proxyAddresses: ['SMTP:test1001@example.com', 'smtp:t.one@example.com'],
  smtpAddresses: ['test1001@example.com', 't.one@example.com'],
  extensionAttribute1: 'oxuser',
  oxClass: 'full-ox-user',
  account: {
    userAccountControl: 512,
    disabled: false,
    locked: false,
    passwordExpired: false,
    passwordNeverExpires: false,
    mustChangePassword: false,
    accountExpires: 'never',
    passwordLastSet: new Date('2026-11-01T10:00:00Z'),
    passwordAgeDays: 36,
  },
};

export function result(check: string, host: string, status: Status, summary: string, extra: Partial<Result> = {}) {
  return {
    check,
    host,
    status,
    summary,
    evidence: [],
    metrics: [],
    steps: [],
    startedAt: '2026-12-07T05:00:00.000Z',
    durationMs: 42,
    timedOut: false,
    ...extra,
  } satisfies Result;
}

const RELAY_MAPS = result(
  'user/routing',
  'relay',
  'crit',
  "relay: no map answers for t.one@example.com: mail for it bounces 'User unknown'",
  {
    hint: 'add t.one@example.com to the relay_recipient map (or the AD proxy address) and run postmap',
    steps: [
      { name: 'test1001@example.com', status: 'ok', summary: 'relay_recipient_maps: OK; transport: smtp:[servera]:25' },
      {
        name: 't.one@example.com',
        status: 'crit',
        summary: 'no map answers: relay_recipient_maps rejects it',
        hint: 'postmap the map after adding it',
      },
    ],
    evidence: [{ label: '$ postmap -q t.one@example.com ldap:/etc/postfix/ldap-relay.cf', text: '' }],
    metrics: [{ label: 'addresses_routed', value: 1, unit: '' }],
  },
);

export function hop(id: string, stage: UserHop['stage'], title: string, results: readonly Result[]): UserHop {
  const worst = results.find((r) => r.status === 'crit') ?? results.find((r) => r.status !== 'ok') ?? results[0];
  return {
    id,
    stage,
    title,
    ...(results[0] ? { host: results[0].host } : {}),
    status: worst?.status ?? 'ok',
    summary: worst?.summary ?? 'nothing to check',
    results,
  };
}

export const HOPS: readonly UserHop[] = [
  hop('directory', 'directory', 'AD: the user', [
    result('user/directory', 'AD', 'ok', 'test1001 is a full OX user with 2 addresses, enabled, password 36 days old'),
  ]),
  hop('inbound@relay', 'inbound', 'relay: Exchange -> OX', [
    result('host/ssh', 'relay', 'ok', 'connected to relay with a known host key'),
    RELAY_MAPS,
  ]),
  hop('delivery@servera', 'delivery', 'server A: delivery', [
    result('user/mailbox', 'servera', 'ok', 'servera: mailbox user/test1001 exists, 12% of its quota, newest 3 min'),
  ]),
  hop('archive@serverb', 'archive', 'server B: archive', [
    result('postfix/archive-copy', 'serverb', 'ok', 'serverb: archive copy and copyfix to Sent Items in order'),
  ]),
  hop('login', 'login', 'logins', [result('user/kerberos', 'AD', 'ok', 'the KDC knows test1001@EXAMPLE.COM')]),
  hop('groupware@servera', 'groupware', 'OX', [
    result('user/ox', 'servera', 'warn', 'servera: the last sync log is 2 days old; test1001 is not in it', {
      hint: 'run the oxldapsync cron job by hand and read its log',
    }),
  ]),
  hop('activity', 'activity', 'queues and logs', [
    result('user/queue', 'relay', 'ok', 'no mail of test1001 waits in any queue'),
  ]),
];

export const REPORT: UserReport = {
  query: 'test1001',
  identity: { kind: 'found', query: 'test1001', entry: ENTRY, exchangeMailbox: false, forwardingContacts: [] },
  login: 'test1001',
  addresses: ['test1001@example.com', 't.one@example.com'],
  verdict: [
    {
      hop: 'inbound@relay',
      host: 'relay',
      check: 'user/routing',
      status: 'crit',
      sentence: RELAY_MAPS.summary,
      fix: RELAY_MAPS.hint!,
    },
    {
      hop: 'groupware@servera',
      host: 'servera',
      check: 'user/ox',
      status: 'warn',
      sentence: 'servera: the last sync log is 2 days old; test1001 is not in it',
      fix: 'run the oxldapsync cron job by hand and read its log',
    },
  ],
  hops: HOPS,
  status: 'crit',
  exitCode: 2,
  startedAt: '2026-12-07T05:00:00.000Z',
  durationMs: 1234,
};

export const SEND: SendReport = {
  messages: [
    {
      via: 'relay',
      messageId: 'oxdoctor-1@example.com',
      submitted: '2026-12-07T05:01:00.000Z',
      queueId: '4F2A1B3C9D',
      copies: [
        {
          name: 'inbox',
          where: 'INBOX of test1001 on servera',
          status: 'ok',
          seconds: 2,
          hops: [{ host: 'relay', at: '2026-12-07T05:01:00.500Z', step: 'relay: received from exchange' }],
        },
        {
          name: 'archive',
          where: 'archive on serverb',
          status: 'crit',
          stoppedAt: 'deferred on relay: connect to 127.0.10.4:25 refused',
          hops: [],
        },
      ],
    },
  ],
  status: 'crit',
  summary: 'the archive copy stopped: deferred on relay: connect to 127.0.10.4:25 refused',
  deleted: 1,
  kept: false,
  durationMs: 8000,
};

// The report of a run with --send: the send hop last.
export const SENT_REPORT: UserReport = {
  ...REPORT,
  hops: [
    ...HOPS,
    { id: 'send', stage: 'send', title: 'test message', status: 'crit', summary: SEND.summary, results: [] },
  ],
  send: SEND,
};

// Another user's report: all OK.
export function okReport(query: string): UserReport {
  const hops = HOPS.map((h) => ({ ...h, status: 'ok' as const, summary: `${h.title} fine for ${query}` }));
  return { ...REPORT, query, login: query, verdict: [], hops, status: 'ok', exitCode: 0 };
}
