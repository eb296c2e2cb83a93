import { describe, expect, it } from 'vitest';
import {
  isLoopback,
  paramSource,
  parseNextHop,
  receiveOverrides,
  serviceParam,
} from '../../src/postfix/content-filter.js';
import { parseMasterCf } from '../../src/postfix/master-cf.js';

describe('parseNextHop', () => {
  it.each([
    [
      'smtp-amavis:[127.0.0.1]:10024',
      { transport: 'smtp-amavis', nexthop: '[127.0.0.1]:10024', host: '127.0.0.1', port: 10024 },
    ],
    [
      'smtpcopy:[192.168.109.104]:10025',
      { transport: 'smtpcopy', nexthop: '[192.168.109.104]:10025', host: '192.168.109.104', port: 10025 },
    ],
    ['amavis:127.0.0.1:10024', { transport: 'amavis', nexthop: '127.0.0.1:10024', host: '127.0.0.1', port: 10024 }],
    [
      'lmtp-amavis:inet:[::1]:10024',
      { transport: 'lmtp-amavis', nexthop: 'inet:[::1]:10024', host: '::1', port: 10024 },
    ],
    ['smtp:mx.example.com', { transport: 'smtp', nexthop: 'mx.example.com', host: 'mx.example.com' }],
    ['procmail:procmail', { transport: 'procmail', nexthop: 'procmail', host: 'procmail' }],
    ['scan:', { transport: 'scan', nexthop: '' }],
  ])('reads %s as transport, next hop, host and port', (text, expected) => {
    expect(parseNextHop(text)).toEqual(expected);
  });

  it('gives null for an empty filter ("-o content_filter=")', () => {
    expect(parseNextHop('  ')).toBeNull();
  });
});

describe('serviceParam', () => {
  const [smtp, reinject] = parseMasterCf(
    'smtp inet n - n - - smtpd\n  -o content_filter=smtp-amavis:[127.0.0.1]:10024\n127.0.0.1:10025 inet n - n - - smtpd\n  -o content_filter=\n',
  );
  const main = (name: string): string | undefined =>
    ({ content_filter: 'global:[x]:1', mynetworks: '10.0.0.0/8' })[name];

  it("prefers the service's -o over main.cf, and an empty -o still overrides", () => {
    expect(serviceParam(smtp, 'content_filter', main)).toBe('smtp-amavis:[127.0.0.1]:10024');
    expect(serviceParam(reinject, 'content_filter', main)).toBe('');
    expect(paramSource(reinject, 'content_filter')).toBe('-o on master.cf line 3');
  });

  it('falls back to main.cf, and to undefined when neither sets the parameter', () => {
    expect(serviceParam(reinject, 'mynetworks', main)).toBe('10.0.0.0/8');
    expect(paramSource(reinject, 'mynetworks')).toBe('main.cf');
    expect(serviceParam(smtp, 'receive_override_options', main)).toBeUndefined();
  });
});

describe('receiveOverrides and isLoopback', () => {
  it('splits receive_override_options on commas and spaces, lower-cased', () => {
    expect([...receiveOverrides('no_unknown_recipient_checks, NO_header_body_checks no_milters')]).toEqual([
      'no_unknown_recipient_checks',
      'no_header_body_checks',
      'no_milters',
    ]);
    expect(receiveOverrides(undefined).size).toBe(0);
  });

  it.each([
    ['127.0.0.1', true],
    ['localhost', true],
    ['[::1]', true],
    ['192.168.109.1', false],
    [undefined, false],
  ])('%s is loopback: %s', (a, expected) => {
    expect(isLoopback(a)).toBe(expected);
  });
});
