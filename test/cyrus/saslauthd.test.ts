// saslauthd's service settings, command line and log as hosts have them: this machine's Debian
// /etc/default/saslauthd (sasl2-bin), RHEL5's /etc/sysconfig/saslauthd (cyrus-sasl 2.1.22), the lab's log.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSaslauthdArgs, parseSaslauthdLog, parseSaslauthdService } from '../../src/cyrus/saslauthd.js';
import { parseSaslauthdState } from '../../src/facts/saslauthd.js';

const RHEL5_SYSCONFIG = `# Directory in which to place saslauthd's listening socket, pid file, and so
# on.  This directory must already exist.
SOCKETDIR=/var/run/saslauthd

# Mechanism to use when checking passwords.  Run "saslauthd -v" to get a list
# of which mechanism your installation was compiled with the ablity to use.
MECH=kerberos5

# Additional flags to pass to saslauthd on the command line.  See saslauthd(8)
# for the list of accepted flags.
FLAGS=
`;

// servera's /var/log/messages in the lab, as saslauthd -a kerberos5 writes it.
const LAB_LOG = [
  'Dec  6 23:01:47 node8888 saslauthd[19455]:                 : auth failure: [user=cyrus] [service=sieve] [realm=] [mech=kerberos5] [reason=krb5_get_init_creds_password failed]',
  'Dec  6 23:01:51 node8888 saslauthd[19453]:                 : master exited: 19453',
  'Dec  6 23:02:34 node8888 saslauthd[24699]:                 : master pid is: 24699',
  'Dec  6 23:02:34 node8888 saslauthd[24699]:                 : listening on socket: /run/saslauthd/mux',
  'Dec  6 23:17:02 node8888 saslauthd[24699]:                 : master exited: 24699',
];

describe('parseSaslauthdService', () => {
  it("reads RHEL5's MECH and SOCKETDIR", () => {
    expect(parseSaslauthdService(RHEL5_SYSCONFIG)).toEqual({
      mech: 'kerberos5',
      socketDir: '/var/run/saslauthd',
      says: 'MECH=kerberos5',
    });
  });

  it("reads this machine's Debian MECHANISMS and the -m of OPTIONS", () => {
    const settings = parseSaslauthdService(readFileSync('/etc/default/saslauthd', 'utf8'));
    expect(settings.mech).toMatch(/^\w+$/);
    expect(settings.says).toBe(`MECHANISMS=${settings.mech}`);
    expect(settings.socketDir).toMatch(/^\/(var\/)?run\/saslauthd$/);
  });

  it("says when Debian's older file keeps it from starting (START=no)", () => {
    expect(parseSaslauthdService('START=no\nMECHANISMS="pam"\nOPTIONS="-c -m /var/run/saslauthd"\n')).toEqual({
      mech: 'pam',
      socketDir: '/var/run/saslauthd',
      disabled: true,
      says: 'MECHANISMS=pam',
    });
  });
});

describe('parseSaslauthdArgs and parseSaslauthdLog', () => {
  it('reads -a and -m of the lab command line', () => {
    expect(parseSaslauthdArgs('/usr/sbin/saslauthd -a kerberos5 -m /run/saslauthd -n 2')).toEqual({
      mech: 'kerberos5',
      socketDir: '/run/saslauthd',
    });
  });

  it('takes the mechanism from the last failure and says when the master exited last', () => {
    expect(parseSaslauthdLog(LAB_LOG)).toEqual({
      mech: 'kerberos5',
      lastFailure:
        '[user=cyrus] [service=sieve] [realm=] [mech=kerberos5] [reason=krb5_get_init_creds_password failed]',
      exited: 'Dec 6 23:17:02',
    });
    expect(parseSaslauthdLog(LAB_LOG.slice(0, 4)).exited).toBeUndefined();
  });
});

describe('parseSaslauthdState', () => {
  it('reads the host script: no live pid, a saslauthd elsewhere, the socket, the files and the log', () => {
    const state = parseSaslauthdState(
      '/var/run/saslauthd/mux',
      [
        'proc /usr/sbin/saslauthd -m /var/spool/postfix/var/run/saslauthd -a pam',
        'proc /usr/sbin/saslauthd -m /var/run/saslauthd -a pam',
        'socket missing',
        '@@file /etc/sysconfig/saslauthd',
        ...RHEL5_SYSCONFIG.split('\n').map((l) => `| ${l}`),
        ...LAB_LOG.map((l) => `log ${l}`),
      ].join('\n'),
    );
    expect(state).toMatchObject({
      pid: null,
      elsewhere: ['/usr/sbin/saslauthd -m /var/spool/postfix/var/run/saslauthd -a pam'],
      socketState: 'missing',
      service: [{ path: '/etc/sysconfig/saslauthd', settings: { mech: 'kerberos5' } }],
      log: { mech: 'kerberos5' },
    });
  });
});
