import { describe, expect, it } from 'vitest';
import { EnvironmentError, TransportError, UserError } from '../../src/core/errors.js';
import { ConfigError } from '../../src/config/errors.js';
import { describeError } from '../../src/cli/errors.js';

describe('describeError', () => {
  it('gives a user error one line with its hint, and exit 3', () => {
    expect(describeError(new UserError("unknown host 'x'", 'see `oxdoctor config show`'), false)).toEqual({
      message: "oxdoctor: unknown host 'x' (see `oxdoctor config show`)",
      exitCode: 3,
    });
  });

  it('gives each problem of a config error its own line, then what to do', () => {
    const err = new ConfigError(['a.yaml:1:1: site: expected text', 'a.yaml:3:5: hosts: expected at least one host']);
    expect(describeError(err, false).message).toBe(
      'oxdoctor: a.yaml:1:1: site: expected text\noxdoctor: a.yaml:3:5: hosts: expected at least one host\n' +
        'oxdoctor: fix the lines above; `oxdoctor config validate` checks the config without running any check',
    );
  });

  it('gives a config error of one problem as that one line, with no trailer about lines above', () => {
    const err = new ConfigError(['config file /etc/oxdoctor is a directory, not a regular file']);
    expect(describeError(err, false).message).toBe(
      'oxdoctor: config file /etc/oxdoctor is a directory, not a regular file',
    );
  });

  it('shows an environment error with its detail', () => {
    const err = new EnvironmentError(
      'postconf failed on relay',
      '$ postconf -n\npostconf: fatal: open /etc/postfix/main.cf',
    );
    expect(describeError(err, false)).toEqual({
      message: 'oxdoctor: postconf failed on relay\n$ postconf -n\npostconf: fatal: open /etc/postfix/main.cf',
      exitCode: 3,
    });
    expect(
      describeError(new TransportError('relay', 'auth', 'authentication failed for root@relay'), false).message,
    ).toBe('oxdoctor: authentication failed for root@relay');
  });

  it('calls anything else a bug, asks for a report, and shows no stack unless verbose', () => {
    const err = new TypeError("Cannot read properties of undefined (reading 'roles')");
    const quiet = describeError(err, false);
    expect(quiet.exitCode).toBe(3);
    expect(quiet.message).toBe(
      "oxdoctor: internal error: Cannot read properties of undefined (reading 'roles')\n" +
        'This is a bug in oxdoctor. Please report it with the output of the same command run with --verbose.',
    );
    expect(describeError(err, true).message).toContain('\nTypeError: Cannot read properties of undefined');
    expect(describeError(err, true).message).toMatch(/\n\s+at /);
  });
});
