import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { findService, inetListeners, parseMasterCf, splitInetName } from '../../src/postfix/master-cf.js';

// The relay's master.cf as the seed gives it.
const RELAY = `smtp inet n - n - - smtpd
     -o content_filter=smtp-amavis:[127.0.0.1]:10024
     -o receive_override_options=no_address_mappings

smtp-amavis unix - - n - 2 smtp
  -o smtp_data_done_timeout=1200
  -o smtp_send_xforward_command=yes

127.0.0.1:10025 inet n - n - - smtpd
  -o local_recipient_maps=
  -o smtpd_client_restrictions=permit_mynetworks,reject
  -o mynetworks=127.0.0.0/8

smtpcopy unix - - n - - smtp
  -o myhostname=archive.example.com
`;

// Server B's listeners, the pipe to procmail, and a postfix 3 long-form override.
const SERVER_B = `smtp inet n - n - - smtpd
  -o content_filter=procmail:procmail
smtps inet n - n - - smtpd
  -o smtpd_tls_wrappermode=yes
:10026 inet n - n - - smtpd
  -o cleanup_service_name=copycleanup
:10025 inet n - n - - smtpd
copycleanup unix n - n - 0 cleanup
  -o virtual_alias_maps=ldap:/etc/postfix/adcopyfix
procmail unix - n n - 5 pipe
  flags=R user=nobody argv=/usr/bin/procmail -t -m /etc/postfix/procmailrc \${sender} \${recipient}
submission inet n - y - - smtpd
  -o { smtpd_reject_unlisted_recipient = text with  spaces }
  -o syslog_name=postfix/submission
localhost:11025 inet n - n - - smtpd
[::1]:2525 inet n - n - - smtpd
`;

describe('parseMasterCf', () => {
  it('reads the eight fields and the overrides of the relay', () => {
    const services = parseMasterCf(RELAY);
    expect(services.map((s) => `${s.name}/${s.type}`)).toEqual([
      'smtp/inet',
      'smtp-amavis/unix',
      '127.0.0.1:10025/inet',
      'smtpcopy/unix',
    ]);
    const smtp = services[0]!;
    expect(smtp).toMatchObject({
      private: false,
      unpriv: null,
      chroot: false,
      wakeup: null,
      maxproc: null,
      command: 'smtpd',
      line: 1,
    });
    expect(smtp.overrides.get('content_filter')).toBe('smtp-amavis:[127.0.0.1]:10024');
    expect(services[1]!.maxproc).toBe(2);
  });

  it('keeps an empty override value as the empty string', () => {
    const reinject = parseMasterCf(RELAY)[2]!;
    expect(reinject.overrides.get('local_recipient_maps')).toBe('');
    expect(reinject.overrides.get('smtpd_client_restrictions')).toBe('permit_mynetworks,reject');
  });

  it('reads the long form -o { name = value } with whitespace inside the value', () => {
    const submission = findService(parseMasterCf(SERVER_B), 'submission');
    expect(submission?.overrides.get('smtpd_reject_unlisted_recipient')).toBe('text with  spaces');
    expect(submission?.overrides.get('syslog_name')).toBe('postfix/submission');
  });

  it('keeps pipe arguments, including ${sender}, as arguments', () => {
    const procmail = findService(parseMasterCf(SERVER_B), 'procmail');
    expect(procmail?.args).toEqual([
      'flags=R',
      'user=nobody',
      'argv=/usr/bin/procmail',
      '-t',
      '-m',
      '/etc/postfix/procmailrc',
      '${sender}',
      '${recipient}',
    ]);
    expect(procmail?.maxproc).toBe(5);
  });

  it('parses wakeup times with and without the ? suffix', () => {
    const s = parseMasterCf('pickup unix n - y 60 1 pickup\ntlsmgr unix - - y 1000? 1 tlsmgr\n');
    expect(s.map((x) => x.wakeup)).toEqual([
      { seconds: 60, onlyAfterUse: false },
      { seconds: 1000, onlyAfterUse: true },
    ]);
  });

  it('finds the last definition of a service that is defined twice', () => {
    const s = parseMasterCf('relay unix - - n - - smtp\nrelay unix - - n - 7 smtp\n');
    expect(findService(s, 'relay')?.maxproc).toBe(7);
  });

  for (const file of ['/etc/postfix/master.cf', '/usr/share/postfix/master.cf.dist']) {
    it.skipIf(!existsSync(file))(`reads ${file} with its multi-line pipe services`, () => {
      const services = parseMasterCf(readFileSync(file, 'utf8'));
      expect(findService(services, 'qmgr')?.wakeup).toEqual({ seconds: 300, onlyAfterUse: false });
      expect(findService(services, 'maildrop')?.args.at(-1)).toBe('${recipient}');
      expect(findService(services, 'postlog')?.type).toBe('unix-dgram');
      expect(inetListeners(services).map((l) => l.port)).toContain(25);
    });
  }
});

describe('inetListeners', () => {
  it('lists every inet service of server B with address, port and overrides', () => {
    const listeners = inetListeners(parseMasterCf(SERVER_B)).map((l) => ({
      address: l.address,
      port: l.port,
      serviceName: l.serviceName,
      cleanup: l.overrides.get('cleanup_service_name'),
    }));
    expect(listeners).toEqual([
      { address: undefined, port: 25, serviceName: 'smtp', cleanup: undefined },
      { address: undefined, port: 465, serviceName: 'smtps', cleanup: undefined },
      { address: undefined, port: 10026, serviceName: undefined, cleanup: 'copycleanup' },
      { address: undefined, port: 10025, serviceName: undefined, cleanup: undefined },
      { address: undefined, port: 587, serviceName: 'submission', cleanup: undefined },
      { address: 'localhost', port: 11025, serviceName: undefined, cleanup: undefined },
      { address: '::1', port: 2525, serviceName: undefined, cleanup: undefined },
    ]);
  });

  it.each([
    ['10025', { port: 10025 }],
    ['127.0.0.1:10025', { address: '127.0.0.1', port: 10025 }],
    ['::1:smtp', { address: '::1', port: 25, serviceName: 'smtp' }],
    ['mysvc', { serviceName: 'mysvc' }],
  ])('splits the inet name %s', (name, expected) => {
    expect(splitInetName(name)).toEqual(expected);
  });
});
