import { describe, expect, it } from 'vitest';
import { ok } from '../../src/core/result.js';
import { UserError } from '../../src/core/errors.js';
import { plan } from '../../src/runner/plan.js';
import { check, host } from './helpers.js';

const run = async () => ok('fine');
const checks = [
  check('host/ssh', run),
  check('service/smtp', run, { roles: ['relay', 'groupware'] }),
  check('service/imap', run, { roles: ['groupware'] }),
  check('mailbox/sent-acl-sweep', run, { roles: ['archive'] }),
];
const hosts = [host('relay', ['relay']), host('servera', ['groupware']), host('serverb', ['groupware', 'archive'])];
const keys = (items: ReturnType<typeof plan>) => items.map((i) => i.key);

describe('plan', () => {
  it('pairs every check with every host whose roles it applies to, host by host', () => {
    expect(keys(plan(checks, hosts))).toEqual([
      'host/ssh@relay',
      'service/smtp@relay',
      'host/ssh@servera',
      'service/smtp@servera',
      'service/imap@servera',
      'host/ssh@serverb',
      'service/smtp@serverb',
      'service/imap@serverb',
      'mailbox/sent-acl-sweep@serverb',
    ]);
  });

  it('narrows to the hosts named with --host', () => {
    expect(keys(plan(checks, hosts, { hosts: ['serverb', 'relay'] }))).toEqual([
      'host/ssh@relay',
      'service/smtp@relay',
      'host/ssh@serverb',
      'service/smtp@serverb',
      'service/imap@serverb',
      'mailbox/sent-acl-sweep@serverb',
    ]);
  });

  it('selects checks by id or by group with --check', () => {
    expect(keys(plan(checks, hosts, { checks: ['service'], hosts: ['servera'] }))).toEqual([
      'service/smtp@servera',
      'service/imap@servera',
    ]);
    expect(keys(plan(checks, hosts, { checks: ['host/ssh', 'mailbox'] }))).toEqual([
      'host/ssh@relay',
      'host/ssh@servera',
      'host/ssh@serverb',
      'mailbox/sent-acl-sweep@serverb',
    ]);
  });

  it('refuses an unknown host and names the known ones', () => {
    expect(() => plan(checks, hosts, { hosts: ['serverc'] })).toThrow(
      new UserError(
        "unknown host 'serverc'; the config has 'relay', 'servera', 'serverb'",
        'use a host name from `oxdoctor config show`',
      ),
    );
  });

  it('refuses an unknown check and names the groups', () => {
    const attempt = () => plan(checks, hosts, { checks: ['service/pop3'] });
    expect(attempt).toThrow(UserError);
    expect(attempt).toThrow("unknown check or group 'service/pop3'; groups are 'host', 'service', 'mailbox'");
  });
});
