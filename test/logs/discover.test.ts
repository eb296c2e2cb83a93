// discoverSources: the script run for real on this machine (Debian 12's rsyslog.conf, its apache2), and the
// answers of a stock RHEL5 (sysklogd's syslog.conf as the seed changes it, httpd, OX 6) and Debian evaluated.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { discoverSources, hostLogsOf, includesOutsideRsyslogD } from '../../src/logs/discover.js';
import {
  DISCOVER_SCRIPT,
  offsetMinutes,
  parseDiscoverAnswer,
  type DiscoverAnswer,
} from '../../src/logs/discover-script.js';
import { LocalTransport } from '../../src/transport/local.js';

// RHEL5's /etc/syslog.conf with the seed's maillog line ("mail.*;mail.!=debug -/var/log/maillog").
const RHEL5_SYSLOG_CONF = `*.info;mail.none;authpriv.none;cron.none                /var/log/messages
authpriv.*                                              /var/log/secure
mail.*;mail.!=debug                                     -/var/log/maillog
cron.*                                                  /var/log/cron
*.emerg                                                 *
uucp,news.crit                                          /var/log/spooler
local7.*                                                /var/log/boot.log
`;

function answer(parts: Partial<DiscoverAnswer>): DiscoverAnswer {
  return { daemons: [], configs: new Map(), existing: new Set(), apache: [], utcOffsetMinutes: 60, ...parts };
}

const pairs = (sources: readonly { source: string; path: string; kind: string }[]): string[][] =>
  sources.map((s) => [s.source, s.kind, s.path]);

describe('hostLogsOf', () => {
  it("names RHEL5's files from syslog.conf, the OX 6 logs, oxldapsync and httpd's logs", () => {
    const logs = hostLogsOf(
      'servera',
      answer({
        daemons: ['syslogd'],
        configs: new Map([['/etc/syslog.conf', RHEL5_SYSLOG_CONF]]),
        existing: new Set([
          '/var/log/maillog',
          '/var/log/messages',
          '/var/log/secure',
          '/var/log/cron',
          '/var/log/open-xchange/open-xchange.log.0',
          '/var/log/open-xchange/open-xchange-admin.log.0',
          '/var/log/open-xchange/open-xchange-console.log',
          '/var/log/open-xchange/open-xchange-admin-console.log',
          '/var/log/oxldapsync.log',
          '/var/log/httpd/error_log',
          '/var/log/httpd/access_log',
          '/var/log/httpd/ssl_error_log',
          '/var/log/httpd/error_log.1',
          '/var/log/httpd/access_log-20261206',
        ]),
        apache: [
          { directive: 'errorlog', path: '/var/log/httpd/error_log' },
          { directive: 'customlog', path: '/var/log/httpd/access_log' },
        ],
      }),
    );
    expect(pairs(logs.sources)).toEqual([
      ['maillog', 'syslog', '/var/log/maillog'],
      ['messages', 'syslog', '/var/log/messages'],
      ['cron', 'syslog', '/var/log/cron'],
      ['secure', 'syslog', '/var/log/secure'],
      ['ox', 'ox', '/var/log/open-xchange/open-xchange.log.0'],
      ['ox-admin', 'ox', '/var/log/open-xchange/open-xchange-admin.log.0'],
      ['ox-console', 'ox', '/var/log/open-xchange/open-xchange-console.log'],
      ['ox-admin-console', 'ox', '/var/log/open-xchange/open-xchange-admin-console.log'],
      ['oxldapsync', 'oxldapsync', '/var/log/oxldapsync.log'],
      ['apache-error', 'apache-error', '/var/log/httpd/error_log'],
      ['apache-access', 'apache-access', '/var/log/httpd/access_log'],
      ['apache-ssl_error', 'apache-error', '/var/log/httpd/ssl_error_log'],
    ]);
    expect(logs.sources.every((s) => s.host === 'servera')).toBe(true);
    expect(logs.utcOffsetMinutes).toBe(60);
    expect(logs.warnings).toEqual([]);
  });

  it("names Debian's mail.log 'maillog', keeps syslog (cyrus' local6 lands there) and drops nothing else", () => {
    const main = readFileSync('/etc/rsyslog.conf', 'utf8');
    const configs = new Map([['/etc/rsyslog.conf', main]]);
    for (const name of readdirSync('/etc/rsyslog.d'))
      configs.set(`/etc/rsyslog.d/${name}`, readFileSync(`/etc/rsyslog.d/${name}`, 'utf8'));
    configs.set('/etc/syslog.conf', RHEL5_SYSLOG_CONF); // a leftover: rsyslogd runs, its file counts
    const existing = new Set(['/var/log/mail.log', '/var/log/syslog', '/var/log/auth.log', '/var/log/cron.log']);
    const logs = hostLogsOf('deb', answer({ daemons: ['rsyslogd'], configs, existing }));
    expect(pairs(logs.sources)).toEqual([
      ['syslog', 'syslog', '/var/log/syslog'],
      ['maillog', 'syslog', '/var/log/mail.log'],
      ['cron.log', 'syslog', '/var/log/cron.log'],
      ['auth.log', 'syslog', '/var/log/auth.log'],
    ]);
  });

  it('drops a file that gets only part of what another gets in full (mail.err beside mail.log)', () => {
    const conf = 'mail.*  -/var/log/mail.log\nmail.err  /var/log/mail.err\nlocal6.* /var/log/imapd.log\n';
    const existing = new Set(['/var/log/mail.log', '/var/log/mail.err']);
    const logs = hostLogsOf('h', answer({ configs: new Map([['/etc/rsyslog.conf', conf]]), existing }));
    expect(pairs(logs.sources)).toEqual([['maillog', 'syslog', '/var/log/mail.log']]);
    expect(logs.warnings).toEqual(['/var/log/imapd.log: in the syslog configuration, not on the host (yet)']);
  });

  it('falls back on the well-known files when no configuration was read, and says so', () => {
    const existing = new Set(['/var/log/maillog', '/var/log/messages']);
    const logs = hostLogsOf('h', answer({ daemons: ['syslog-ng'], existing }));
    expect(pairs(logs.sources)).toEqual([
      ['maillog', 'syslog', '/var/log/maillog'],
      ['messages', 'syslog', '/var/log/messages'],
    ]);
    expect(logs.warnings).toEqual(["syslog-ng's configuration is not read: the well-known log files are used"]);
  });
});

describe('the discover answer', () => {
  it('reads only lines with its own nonce as frames', () => {
    const a = parseDiscoverAnswer(
      'n1 Z -0430\nn1 P rsyslogd\nn1 F /etc/rsyslog.conf\nmail.* /var/log/maillog\nn2 E /fake\n' +
        'n1 E /var/log/maillog\nn1 A ErrorLog /var/log/httpd/error_log\n',
      'n1',
    );
    expect(a.utcOffsetMinutes).toBe(-270);
    expect(a.daemons).toEqual(['rsyslogd']);
    expect(a.configs.get('/etc/rsyslog.conf')).toBe('mail.* /var/log/maillog\nn2 E /fake');
    expect([...a.existing]).toEqual(['/var/log/maillog']);
    expect(a.apache).toEqual([{ directive: 'errorlog', path: '/var/log/httpd/error_log' }]);
  });

  it('finds includes outside /etc/rsyslog.d', () => {
    const configs = new Map([
      [
        '/etc/rsyslog.conf',
        '$IncludeConfig /etc/rsyslog.d/*.conf\n$IncludeConfig /etc/extra/\ninclude(file="/opt/x.conf")',
      ],
    ]);
    expect(includesOutsideRsyslogD(configs)).toEqual(['/etc/extra/*', '/opt/x.conf']);
  });

  it('parses date +%z', () => {
    expect([offsetMinutes('+0000'), offsetMinutes('+0530'), offsetMinutes('-0800'), offsetMinutes('x')]).toEqual([
      0,
      330,
      -480,
      undefined,
    ]);
  });
});

describe('discoverSources on this machine (its own sh, rsyslog.conf and apache2)', () => {
  it("finds apache2's logs from its configuration and directory, and the UTC offset", async () => {
    const logs = await discoverSources(new LocalTransport('here'), 'here');
    expect(logs.utcOffsetMinutes).toBe(offsetMinutes(execFileSync('date', ['+%z']).toString()));
    expect(pairs(logs.sources.filter((s) => s.kind.startsWith('apache')))).toEqual([
      ['apache-error', 'apache-error', '/var/log/apache2/error.log'],
      ['apache-access', 'apache-access', '/var/log/apache2/access.log'],
      ['apache-other_vhosts_access', 'apache-access', '/var/log/apache2/other_vhosts_access.log'],
    ]);
    // This machine's rsyslog is not running outside the lab: its files are configured and absent.
    expect(logs.warnings).toContain('/var/log/mail.log: in the syslog configuration, not on the host (yet)');
  });
});

it("the discover script says the same under bash (RHEL5's /bin/sh) as under dash", async () => {
  const t = new LocalTransport('here');
  const run = async (shell: string) => (await t.exec([shell, '-c', DISCOVER_SCRIPT, 'sh', 'N'])).stdout;
  const dash = await run('dash');
  expect(await run('bash')).toBe(dash);
  expect(dash).toMatch(/^N Z [+-]\d{4}\n/);
  expect(dash).toContain('N F /etc/rsyslog.conf\n');
  expect(dash).toContain('N A ErrorLog /var/log/apache2/error.log\n');
});
