import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  commandArgv,
  cyrusServices,
  parseCyrusConf,
  parseListen,
  serviceByCommand,
} from '../../src/cyrus/cyrus-conf.js';

// A RHEL5-style cyrus.conf for the seed's servers: sieve on port 2000 via /etc/services.
const RHEL = `START {
  recover  cmd="ctl_cyrusdb -r"
}
SERVICES {
  imap     cmd="imapd" listen="imap" prefork=5
  sieve    cmd="timsieved" listen="sieve" prefork=0
  lmtpunix cmd="lmtpd" listen="/var/lib/imap/socket/lmtp" prefork=1 # delivery from postfix
}
EVENTS {
  checkpoint cmd="ctl_cyrusdb -c" period=30
}
DAEMON {
  idled cmd="idled"
}
`;

describe('parseCyrusConf', () => {
  it('reads entries of every block with their options', () => {
    const conf = parseCyrusConf(RHEL);
    expect(conf.entries.map((e) => `${e.section}/${e.name}`)).toEqual([
      'START/recover',
      'SERVICES/imap',
      'SERVICES/sieve',
      'SERVICES/lmtpunix',
      'EVENTS/checkpoint',
      'DAEMON/idled',
    ]);
    expect(conf.entries[4]?.options.get('period')).toBe('30');
    expect(conf.entries[3]?.options.get('prefork')).toBe('1');
  });

  it('parses listen= into service names, ports and unix sockets', () => {
    const services = cyrusServices(parseCyrusConf(RHEL));
    expect(services.map((s) => s.listen)).toEqual([
      { kind: 'inet', serviceName: 'imap', port: 143 },
      { kind: 'inet', serviceName: 'sieve' },
      { kind: 'unix', path: '/var/lib/imap/socket/lmtp' },
    ]);
  });

  it.each([
    ['127.0.0.1:9993', { kind: 'inet', host: '127.0.0.1', port: 9993 }],
    ['localhost:sieve', { kind: 'inet', host: 'localhost', serviceName: 'sieve' }],
    ['[::1]:143', { kind: 'inet', host: '::1', port: 143 }],
    ['2000', { kind: 'inet', port: 2000 }],
  ])('parses listen=%s', (listen, expected) => {
    expect(parseListen(listen)).toEqual(expected);
  });

  it('strips the Debian /usr/sbin/cyrus wrapper from commands', () => {
    expect(commandArgv('/usr/sbin/cyrus imapd -U 30')).toEqual(['imapd', '-U', '30']);
    expect(commandArgv('/usr/lib/cyrus-imapd/lmtpd -a')).toEqual(['lmtpd', '-a']);
  });

  const corpus = join(import.meta.dirname, '../../../shared/corpus/cyrus');
  describe.skipIf(!existsSync(corpus))('on the corpus', () => {
    it('reads the pykolab cyrus.conf template, skipping commented services', () => {
      const conf = parseCyrusConf(readFileSync(join(corpus, 'pykolab_cyrus.conf.tpl'), 'utf8'));
      const services = cyrusServices(conf);
      expect(services.map((s) => s.name)).toEqual(['imaps', 'sieve', 'ptloader', 'lmtpunix', 'notify']);
      expect(services[0]?.listen).toEqual({ kind: 'inet', host: '127.0.0.1', port: 9993 });
      expect(services[4]?.entry.options.get('proto')).toBe('udp');
      expect(conf.entries.some((e) => e.name === 'squatter')).toBe(false);
    });
  });

  const system = '/etc/cyrus.conf';
  it.skipIf(!existsSync(system))("finds the plain IMAP, sieve and LMTP services in Debian's cyrus.conf", () => {
    const conf = parseCyrusConf(readFileSync(system, 'utf8'));
    const imap = serviceByCommand(conf, (argv) => argv[0] === 'imapd' && !argv.includes('-s'));
    expect(imap?.listen).toMatchObject({ kind: 'inet', port: 143 });
    expect(serviceByCommand(conf, (argv) => argv[0] === 'timsieved')?.listen).toMatchObject({
      host: 'localhost',
      serviceName: 'sieve',
    });
    expect(serviceByCommand(conf, (argv) => argv[0] === 'lmtpd')?.listen.kind).toBe('unix');
  });
});
