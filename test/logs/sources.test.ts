import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSyslogConfig, type SyslogConfig } from '../../src/logs/syslog-config.js';
import { filesFor, mailStackSources, routesOf } from '../../src/logs/sources.js';
import { SEVERITIES } from '../../src/logs/syslog-selector.js';

const ALL = [...SEVERITIES];
const INFO_AND_UP = SEVERITIES.slice(0, 7);

function configOf(files: Record<string, string>, main: string): SyslogConfig {
  return parseSyslogConfig(new Map(Object.entries(files)), main);
}

// This machine's real rsyslog configuration (Debian 12): /etc/rsyslog.conf and every /etc/rsyslog.d/*.conf.
function debianConfig(): SyslogConfig {
  const files: Record<string, string> = { '/etc/rsyslog.conf': readFileSync('/etc/rsyslog.conf', 'utf8') };
  for (const name of readdirSync('/etc/rsyslog.d'))
    files[`/etc/rsyslog.d/${name}`] = readFileSync(`/etc/rsyslog.d/${name}`, 'utf8');
  return configOf(files, '/etc/rsyslog.conf');
}

// The rsyslog.conf the lab writes on every host (the heredoc of test/lab/services/syslog.sh).
function labConfig(): SyslogConfig {
  const script = readFileSync(new URL('../lab/services/syslog.sh', import.meta.url), 'utf8');
  const text = /<<'CONF'\n([\s\S]*?)\nCONF\n/.exec(script)?.[1];
  if (text === undefined) throw new Error('no CONF heredoc in test/lab/services/syslog.sh');
  return configOf({ '/etc/rsyslog.conf': text }, '/etc/rsyslog.conf');
}

// RHEL5's default /etc/syslog.conf (sysklogd-1.4.1 as shipped by Red Hat Enterprise Linux 5), verbatim.
const RHEL5_SYSLOG_CONF = `# Log all kernel messages to the console.
# Logging much else clutters up the screen.
#kern.*                                                 /dev/console

# Log anything (except mail) of level info or higher.
# Don't log private authentication messages!
*.info;mail.none;authpriv.none;cron.none                /var/log/messages

# The authpriv file has restricted access.
authpriv.*                                              /var/log/secure

# Log all the mail messages in one place.
mail.*                                                  -/var/log/maillog


# Log cron stuff
cron.*                                                  /var/log/cron

# Everybody gets emergency messages
*.emerg                                                 *

# Save news errors of level crit and higher in a special file.
uucp,news.crit                                          /var/log/spooler

# Save boot messages also to boot.log
local7.*                                                /var/log/boot.log
`;

describe("RHEL5's stock /etc/syslog.conf", () => {
  const config = configOf({ '/etc/syslog.conf': RHEL5_SYSLOG_CONF }, '/etc/syslog.conf');

  it('sends mail to maillog, cyrus (local6) to messages, cron to cron, authpriv to secure', () => {
    expect(mailStackSources(config)).toEqual({
      mail: ['/var/log/maillog'],
      local6: ['/var/log/messages'],
      cron: ['/var/log/cron'],
      authpriv: ['/var/log/secure'],
      auth: ['/var/log/messages'],
    });
    expect(config.warnings).toEqual([]);
  });

  it('lets only info and more urgent local6 lines into messages: cyrus debug lines are nowhere', () => {
    expect(routesOf(config, 'local6')).toEqual([{ file: '/var/log/messages', severities: INFO_AND_UP }]);
    expect(filesFor(config, { facility: 'local6', severity: 'debug' })).toEqual([]);
  });

  it('reads facility lists and a minimum severity (uucp,news.crit)', () => {
    expect(routesOf(config, 'news')).toEqual([
      { file: '/var/log/messages', severities: INFO_AND_UP },
      { file: '/var/log/spooler', severities: ['emerg', 'alert', 'crit'] },
    ]);
  });
});

describe("the lab hosts' rsyslog.conf", () => {
  const config = labConfig();

  it('writes the RHEL file layout the seed servers have', () => {
    expect(mailStackSources(config)).toEqual({
      mail: ['/var/log/maillog'],
      local6: ['/var/log/messages'],
      cron: ['/var/log/cron'],
      authpriv: ['/var/log/secure'],
      auth: ['/var/log/messages'],
    });
    expect(routesOf(config, 'mail')).toEqual([{ file: '/var/log/maillog', severities: ALL }]);
    expect(config.warnings).toEqual([]);
  });
});

describe("this machine's Debian 12 rsyslog.conf with rsyslog.d", () => {
  const config = debianConfig();

  it('sends mail to mail.log and syslog, authpriv to auth.log only', () => {
    expect(mailStackSources(config)).toEqual({
      mail: ['/var/log/syslog', '/var/log/mail.log'],
      local6: ['/var/log/syslog'],
      cron: ['/var/log/syslog', '/var/log/cron.log'],
      authpriv: ['/var/log/auth.log'],
      auth: ['/var/log/auth.log'],
    });
    expect(config.warnings).toEqual([]);
  });

  it("follows rsyslog.d's tomcat10 filter block: tomcat's lines go to catalina.out and stop there", () => {
    expect(filesFor(config, { facility: 'daemon', severity: 'info', program: 'tomcat10' })).toEqual([
      '/var/log/tomcat10/catalina.out',
    ]);
    expect(filesFor(config, { facility: 'daemon', severity: 'info', program: 'cron' })).toEqual(['/var/log/syslog']);
  });
});

describe('rsyslog constructs sites add for the mail stack', () => {
  const files = {
    '/etc/rsyslog.conf': [
      'module(load="imuxsock")',
      '$IncludeConfig /etc/rsyslog.d/*.conf',
      '*.info;mail.none;authpriv.none;cron.none  /var/log/messages',
      'mail.*  -/var/log/maillog',
      '*.emerg  :omusrmsg:*',
    ].join('\n'),
    '/etc/rsyslog.d/10-cyrus.conf': 'local6.*  /var/log/imapd.log\n& ~\n',
    '/etc/rsyslog.d/20-sasl.conf': ["if $programname == 'saslauthd' then /var/log/saslauthd.log", '& stop'].join('\n'),
    '/etc/rsyslog.d/30-amavis.conf': [
      'if $programname startswith "amavis" then {',
      '  action(type="omfile"',
      '         file="/var/log/amavis.log")',
      '  stop',
      '}',
    ].join('\n'),
    '/etc/rsyslog.d/40-debug.conf': 'mail.=debug;mail.!=info /var/log/mail.debug\n',
    '/etc/rsyslog.d/50-legacy.conf': [
      ':programname, isequal, "imapd" /var/log/imapd-only.log',
      '& stop',
      'local5.* action(type="omfile" file="/var/log/local5.log")',
      'user.* -/var/log/user.log;RSYSLOG_TraditionalFileFormat',
      'user.* @@loghost.example.com:514',
    ].join('\n'),
    '/etc/rsyslog.d/notes.txt': 'mail.* /var/log/never-included\n',
  };
  const config = configOf(files, '/etc/rsyslog.conf');

  it("reads included files in name order, and '& ~' discards what the rule before it matched", () => {
    expect(routesOf(config, 'local6')).toEqual([{ file: '/var/log/imapd.log', severities: ALL }]);
    expect(config.warnings).toEqual([]);
  });

  it("sends a program's lines by an 'if $programname' rule, '& stop' keeping them out of the rest", () => {
    expect(filesFor(config, { facility: 'authpriv', severity: 'info', program: 'saslauthd' })).toEqual([
      '/var/log/saslauthd.log',
    ]);
    // pam lines of the same facility do not match the program rule
    expect(filesFor(config, { facility: 'auth', severity: 'info', program: 'sshd' })).toEqual(['/var/log/messages']);
  });

  it('follows a multi-line action(type="omfile") in an if block with stop', () => {
    expect(filesFor(config, { facility: 'mail', severity: 'info', program: 'amavis' })).toEqual([
      '/var/log/amavis.log',
    ]);
    expect(filesFor(config, { facility: 'mail', severity: 'info', program: 'postfix/smtpd' })).toEqual([
      '/var/log/maillog',
    ]);
  });

  it("reads '=' exact and '!=' excluded severities, and only includes what the pattern names", () => {
    expect(routesOf(config, 'mail', 'postfix/smtpd')).toEqual([
      { file: '/var/log/maillog', severities: ALL },
      { file: '/var/log/mail.debug', severities: ['debug'] },
    ]);
    expect(mailStackSources(config).mail).not.toContain('/var/log/never-included');
  });

  it("reads ':property' filters, an action() after a selector, templates after ';', and skips remote targets", () => {
    expect(filesFor(config, { facility: 'daemon', severity: 'info', program: 'imapd' })).toEqual([
      '/var/log/imapd-only.log',
    ]);
    // included files come in name order: 10-cyrus.conf has already taken every local6 line
    expect(filesFor(config, { facility: 'local6', severity: 'info', program: 'imapd' })).toEqual([
      '/var/log/imapd.log',
    ]);
    expect(routesOf(config, 'local5').map((r) => r.file)).toEqual(['/var/log/local5.log', '/var/log/messages']);
    expect(routesOf(config, 'user').map((r) => r.file)).toEqual(['/var/log/user.log', '/var/log/messages']);
  });
});

describe('what the parser does not evaluate, it says', () => {
  it('warns about conditions, else branches and rulesets it skips, and an include it cannot read', () => {
    const config = configOf(
      {
        '/etc/rsyslog.conf': [
          'include(file="/etc/rsyslog.d/missing.conf")',
          'if $msg contains "x" and $programname == "y" then /var/log/x.log',
          'else { mail.* /var/log/else.log }',
          'ruleset(name="remote") { mail.* /var/log/remote-mail.log }',
          'mail.* /var/log/maillog',
          'garbage line',
        ].join('\n'),
      },
      '/etc/rsyslog.conf',
    );
    expect(mailStackSources(config).mail).toEqual(['/var/log/maillog']);
    expect(config.warnings).toEqual([
      '/etc/rsyslog.d/missing.conf: not read',
      '/etc/rsyslog.conf: condition \'$msg contains "x" and $programname == "y"\' is not evaluated: ' +
        'its rule never matches',
      '/etc/rsyslog.conf: else branches are not evaluated',
      '/etc/rsyslog.conf: ruleset remote is not the default ruleset: its rules are not evaluated',
      "/etc/rsyslog.conf: 'garbage line' is not understood",
    ]);
  });
});
