// Hand-offs listed from the lab's real relay, server A and server B configs, and whether each receiver accepts
// them: OK as shipped; refused when :10025's -o mynetworks drops the relay, or smtpd_client_restrictions
// rejects it; no listener when the :10025 line is gone or bound elsewhere.
import { describe, expect, it } from 'vitest';
import { makeFacts, type PostconfFacts } from '../../src/facts/postconf.js';
import { decideAcceptance, type Receiver } from '../../src/postfix/handoff-accept.js';
import { bccDomain, listHandoffs, parseTransportLines, routeFor } from '../../src/postfix/handoffs.js';
import { parseMainCf } from '../../src/postfix/main-cf.js';
import { parseMasterCf } from '../../src/postfix/master-cf.js';
import { addressInNetwork } from '../../src/postfix/networks.js';
import { parsePcreTable } from '../../src/postfix/pcre-table.js';
import { LAB, labTemplate } from './lab-templates.js';

type Host = 'relay' | 'servera' | 'serverb';

function pcOf(host: Host, main = labTemplate(host, 'main.cf')): PostconfFacts {
  return makeFacts('main.cf', parseMainCf(main).params, '/etc/postfix', undefined, new Map());
}

function receiver(host: Host, master = labTemplate(host, 'master.cf'), main?: string): Receiver {
  const pc = pcOf(host, main);
  return {
    services: parseMasterCf(master),
    get: pc.get,
    explicit: (n) => pc.params.get(n),
    expand: pc.expand,
    ownAddresses: [LAB[host]],
  };
}

// servera's master.cf with extra -o lines under its ":10025" service (what the lab fault does).
const serveraWith = (...lines: string[]): string =>
  labTemplate('servera', 'master.cf').replace(/^(:10025 .*)$/m, ['$1', ...lines.map((l) => `  ${l}`)].join('\n'));

describe('listHandoffs on the lab relay', () => {
  const pc = pcOf('relay');
  const duplicate = parsePcreTable(labTemplate('relay', 'duplicate_mail'));
  const handoffs = listHandoffs({
    get: pc.get,
    expand: pc.expand,
    services: parseMasterCf(labTemplate('relay', 'master.cf')),
    transportEntries: parseTransportLines('hash:/etc/postfix/transport', labTemplate('relay', 'transport')),
    bcc: duplicate.rules.map((r) => ({
      use: 'recipient_bcc_maps pcre:/etc/postfix/duplicate_mail',
      domain: bccDomain(r.result ?? ''),
    })),
    amavis: [{ name: 'forward_method', value: 'smtp:[127.0.0.1]:10025', source: "amavisd's default $forward_method" }],
  });

  it('names relayhost, the content_filter to amavis, the BCC transport to server B and the re-injection', () => {
    expect(handoffs.map((h) => [h.kind, h.transport, `${h.host}:${h.port}`])).toEqual([
      ['relayhost', 'smtp', '127.0.10.2:10025'],
      ['content_filter', 'smtp-amavis', '127.0.0.1:10024'],
      ['transport', 'smtpcopy', '127.0.10.4:10025'],
      ['amavis', 'smtp', '127.0.0.1:10025'],
    ]);
    expect(handoffs[2]).toMatchObject({
      origin: 'transport_maps hash:/etc/postfix/transport: serverb.example.com',
      via: ['recipient_bcc_maps pcre:/etc/postfix/duplicate_mail'],
    });
    expect(handoffs[1]!.origin).toBe('-o content_filter of smtp (master.cf line 1)');
  });

  it("leaves out next hops found by DNS (MX) and transports that speak no SMTP (server A's lmtp, procmail)", () => {
    const a = pcOf('servera');
    const listed = listHandoffs({
      get: a.get,
      expand: a.expand,
      services: parseMasterCf(labTemplate('servera', 'master.cf')),
      transportEntries: [
        ...parseTransportLines('hash:/etc/postfix/transport', labTemplate('servera', 'transport')),
        { table: 'hash:/etc/postfix/transport', key: 'example.net', value: 'smtp:mx.example.net' },
      ],
      bcc: [],
      amavis: [],
    });
    expect(listed.map((h) => `${h.kind} ${h.host}:${h.port}`)).toEqual([
      'relayhost 127.0.10.20:25',
      'transport 127.0.10.4:10026',
    ]);
  });

  it('resolves a BCC domain through exact and .parent transport keys', () => {
    const entries = [
      { table: 't', key: '.example.com', value: 'smtp:[10.0.0.1]' },
      { table: 't', key: 'serverb.example.com', value: 'smtpcopy:[10.0.0.2]:10025' },
    ];
    expect(routeFor(entries, 'serverb.example.com')?.value).toBe('smtpcopy:[10.0.0.2]:10025');
    expect(routeFor(entries, 'a.example.com')?.value).toBe('smtp:[10.0.0.1]');
    expect(routeFor(entries, 'example.org')).toBeUndefined();
  });
});

describe('decideAcceptance on the lab configs', () => {
  it("accepts the relay's mail on server A's :10025 (permit_mynetworks, the relay in main.cf's mynetworks)", () => {
    const d = decideAcceptance(receiver('servera'), LAB.servera, 10025, LAB.relay);
    expect(d.verdict).toBe('accepted');
    expect(d.reason).toBe('127.0.10.1 is in mynetworks 127.0.0.0/8 192.168.109.0/24 172.18.0.0/16');
  });

  it("accepts the relay's BCC copies on server B's :10025 and server A's archive copies on :10026", () => {
    expect(decideAcceptance(receiver('serverb'), LAB.serverb, 10025, LAB.relay).verdict).toBe('accepted');
    expect(decideAcceptance(receiver('serverb'), LAB.serverb, 10026, LAB.servera).verdict).toBe('accepted');
  });

  it("accepts amavis' re-injection on the relay's own 127.0.0.1:10025 from 127.0.0.1 (its -o mynetworks)", () => {
    const d = decideAcceptance(receiver('relay'), '127.0.0.1', 10025, '127.0.0.1');
    expect(d).toMatchObject({ verdict: 'accepted' });
    expect(d.reason).toContain('127.0.0.1 is in mynetworks 127.0.0.0/8');
  });

  it("refuses the relay when :10025's -o mynetworks drops its address (the reinjection-refused fault)", () => {
    const master = serveraWith('-o smtpd_client_restrictions=permit_mynetworks,reject', '-o mynetworks=127.0.0.1/32');
    const d = decideAcceptance(receiver('servera', master), LAB.servera, 10025, LAB.relay);
    expect(d).toMatchObject({
      verdict: 'refused',
      param: 'smtpd_client_restrictions',
      from: '-o on master.cf line 8',
    });
    expect(d.reason).toBe(
      'smtpd_client_restrictions = permit_mynetworks,reject (-o on master.cf line 8) ends in reject for 127.0.10.1, which is not in mynetworks 127.0.0.1/32 (-o on master.cf line 8)',
    );
  });

  it('refuses the relay when only smtpd_client_restrictions rejects it (main.cf mynetworks without it)', () => {
    const main = labTemplate('servera', 'main.cf').replace(/^mynetworks = .*$/m, 'mynetworks = 127.0.0.1/32');
    const master = serveraWith('-o smtpd_client_restrictions=permit_mynetworks,reject');
    const d = decideAcceptance(receiver('servera', master, main), LAB.servera, 10025, LAB.relay);
    expect(d).toMatchObject({ verdict: 'refused', param: 'smtpd_client_restrictions' });
    expect(d.reason).toContain('not in mynetworks 127.0.0.1/32 (main.cf)');
  });

  it('takes only local domains when the relay falls through to reject_unauth_destination', () => {
    const main = labTemplate('servera', 'main.cf').replace(/^mynetworks = .*$/m, 'mynetworks = 127.0.0.0/24');
    const d = decideAcceptance(receiver('servera', undefined, main), LAB.servera, 10025, LAB.relay);
    expect(d).toMatchObject({ verdict: 'relay-only', param: 'smtpd_recipient_restrictions' });
    expect(d.reason).toContain('reaches reject_unauth_destination for 127.0.10.1');
  });

  it('counts an -o mynetworks_style=host without any mynetworks as the receiver itself only', () => {
    const main = labTemplate('servera', 'main.cf').replace(/^mynetworks = .*\n/m, '');
    const master = serveraWith('-o mynetworks_style=host', '-o smtpd_client_restrictions=permit_mynetworks,reject');
    const d = decideAcceptance(receiver('servera', master, main), LAB.servera, 10025, LAB.relay);
    expect(d.verdict).toBe('refused');
    expect(d.reason).toContain('mynetworks 127.0.0.1/32 127.0.10.2 (mynetworks_style=host)');
  });

  it('finds no listener when the :10025 line is gone', () => {
    const master = labTemplate('servera', 'master.cf').replace(/^:10025 .*\n/m, '');
    const d = decideAcceptance(receiver('servera', master), LAB.servera, 10025, LAB.relay);
    expect(d).toMatchObject({ verdict: 'no-listener', reason: 'master.cf has no listener on port 10025' });
  });

  it('finds no listener when :10025 binds to loopback only, or inet_interfaces leaves out the address', () => {
    const loopback = labTemplate('servera', 'master.cf').replace(/^:10025 /m, '127.0.0.1:10025 ');
    expect(decideAcceptance(receiver('servera', loopback), LAB.servera, 10025, LAB.relay)).toMatchObject({
      verdict: 'no-listener',
      reason:
        'no smtpd listens on 127.0.10.2:10025: 127.0.0.1:10025 (master.cf line 8) binds elsewhere (inet_interfaces = 127.0.10.2)',
    });
    const main = labTemplate('servera', 'main.cf').replace(/^inet_interfaces = .*$/m, 'inet_interfaces = 127.0.10.3');
    expect(decideAcceptance(receiver('servera', undefined, main), LAB.servera, 10025, LAB.relay).verdict).toBe(
      'no-listener',
    );
  });

  it('finds no listener when the port runs something other than smtpd', () => {
    const master = labTemplate('servera', 'master.cf').replace(/^(:10025 +inet.*)smtpd$/m, '$1qmqpd');
    const d = decideAcceptance(receiver('servera', master), LAB.servera, 10025, LAB.relay);
    expect(d.verdict).toBe('no-listener');
    expect(d.reason).toContain('runs qmqpd, not smtpd');
  });

  it("judges a postscreen listener by the restrictions of its 'smtpd pass' service", () => {
    const master = labTemplate('servera', 'master.cf').replace(
      /^(:10025 +inet.*)smtpd$/m,
      '$1postscreen\nsmtpd pass - - n - - smtpd\n  -o mynetworks=127.0.0.1/32\n  -o smtpd_client_restrictions=permit_mynetworks,reject',
    );
    const d = decideAcceptance(receiver('servera', master), LAB.servera, 10025, LAB.relay);
    expect(d).toMatchObject({ verdict: 'refused', from: '-o on master.cf line 9' });
    expect(decideAcceptance(receiver('servera', master), LAB.servera, 10025, '127.0.0.1').verdict).toBe('accepted');
  });
});

describe('mynetworks matching', () => {
  it('matches CIDR blocks, single addresses and bracketed forms', () => {
    expect(addressInNetwork('127.0.10.1', '127.0.0.0/8')).toBe(true);
    expect(addressInNetwork('127.0.10.1', '127.0.0.1/32')).toBe(false);
    expect(addressInNetwork('192.168.109.5', '192.168.109.0/24')).toBe(true);
    expect(addressInNetwork('192.168.110.5', '192.168.109.0/24')).toBe(false);
    expect(addressInNetwork('10.1.2.3', '10.1.2.3')).toBe(true);
    expect(addressInNetwork('10.1.2.3', '0.0.0.0/0')).toBe(true);
    expect(addressInNetwork('::1', '[::1]')).toBe(true);
    expect(addressInNetwork('10.1.2.3', 'hash:/etc/postfix/network_table')).toBe(false);
  });
});
