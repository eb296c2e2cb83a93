import { describe, expect, it } from 'vitest';
import { describeExit, exitOf } from '../../../src/user/routing/exits.js';
import { ref, services } from './samples.js';

const TRANSPORT = ref('hash:/etc/postfix/transport');

describe('where an address leaves a host (the lab master.cf)', () => {
  it('relayhost and transport entries are SMTP next hops with their ports', () => {
    const relay = services('relay');
    expect(exitOf({ kind: 'relay', address: 'a@example.com', via: '[127.0.10.2]:10025' }, relay)).toEqual({
      kind: 'smtp',
      transport: 'smtp',
      host: '127.0.10.2',
      port: 10025,
    });
    const copy = exitOf(
      { kind: 'transport', address: 'a@serverb.example.com', via: 'smtpcopy:[127.0.10.4]:10025', table: TRANSPORT },
      relay,
    );
    expect(copy).toEqual({ kind: 'smtp', transport: 'smtpcopy', host: '127.0.10.4', port: 10025 });
    expect(describeExit(copy, (a) => (a === '127.0.10.4' ? 'serverb' : undefined))).toBe(
      'serverb 127.0.10.4:10025 (smtpcopy)',
    );
    expect(exitOf({ kind: 'relay', address: 'a@example.com', via: '[127.0.10.20]' }, relay)).toMatchObject({
      port: 25,
    });
  });

  it('local delivery, error and discard transports, MX destinations', () => {
    const a = services('servera');
    const t = (via: string) => exitOf({ kind: 'transport', address: 'a@example.com', via, table: TRANSPORT }, a);
    expect(exitOf({ kind: 'local', address: 'a@oxmail.example.com', via: 'lmtp:unix:/x', known: true }, a).kind).toBe(
      'local',
    );
    expect(t('error:mailbox moved')).toEqual({ kind: 'bounce', text: 'mailbox moved' });
    expect(t('discard:')).toEqual({ kind: 'discard', text: 'discard transport' });
    expect(t('lmtp:unix:/var/lib/imap/socket/lmtp').kind).toBe('local');
    expect(t('smtp:mail.example.net')).toEqual({ kind: 'dns', transport: 'smtp', domain: 'mail.example.net' });
    expect(exitOf({ kind: 'relay', address: 'a@example.net', via: 'the MX of example.net' }, a)).toEqual({
      kind: 'dns',
      transport: 'smtp',
      domain: 'example.net',
    });
  });
});
