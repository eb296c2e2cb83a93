import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fingerprintOf, keyTypeOf } from '../../../src/transport/ssh/host-key.js';
import { knownHostName, parseKnownHosts, verifyHostKey } from '../../../src/transport/ssh/known-hosts.js';

function blob(type: string, body = randomBytes(32)): Buffer {
  const t = Buffer.from(type);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(t.length);
  return Buffer.concat([len, t, body]);
}

function hashed(name: string): string {
  const salt = randomBytes(20);
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
}

const ed = blob('ssh-ed25519');
const edOther = blob('ssh-ed25519');
const rsa = blob('ssh-rsa');
const line = (hosts: string, key: Buffer, marker = ''): string =>
  `${marker ? marker + ' ' : ''}${hosts} ${keyTypeOf(key)} ${key.toString('base64')} comment`;

describe('known_hosts', () => {
  it('names non-22 ports as [host]:port', () => {
    expect(knownHostName('relay', 22)).toBe('relay');
    expect(knownHostName('relay', 2222)).toBe('[relay]:2222');
  });

  it('skips comments, blank lines, unknown markers and broken keys, and remembers line numbers', () => {
    const text = [
      '# comment',
      '',
      line('a', ed),
      '@weird a ssh-ed25519 AAAA',
      'b ssh-ed25519 !!!',
      line('c', rsa),
    ].join('\n');
    const entries = parseKnownHosts(text, 'kh');
    expect(entries.map((e) => [e.hosts, e.line])).toEqual([
      ['a', 3],
      ['c', 6],
    ]);
  });

  it.each([
    ['relay.example.com', 'relay.example.com', true],
    ['RELAY.example.com', 'relay.example.com', true],
    ['*.example.com', 'relay.example.com', true],
    ['*.example.com,!relay.example.com', 'relay.example.com', false],
    ['relay?.example.com', 'relay1.example.com', true],
    ['[relay]:2222', '[relay]:2222', true],
    ['relay', '[relay]:2222', false],
    ['[relay]:*', '[relay]:2222', true],
  ])('pattern %s for %s matches: %s', (hosts, name, expected) => {
    const verdict = verifyHostKey(parseKnownHosts(line(hosts, ed), 'kh'), name, ed);
    expect(verdict.status === 'known').toBe(expected);
  });

  it('matches a hashed entry only for its own name', () => {
    const entries = parseKnownHosts(line(hashed('[10.0.0.5]:2222'), ed), 'kh');
    expect(verifyHostKey(entries, '[10.0.0.5]:2222', ed).status).toBe('known');
    expect(verifyHostKey(entries, '10.0.0.5', ed).status).toBe('unknown');
  });

  it('calls a different key of a known type changed, and a new type unknown', () => {
    const entries = parseKnownHosts([line('h', ed), line('h', rsa)].join('\n'), 'kh');
    const changed = verifyHostKey(entries, 'h', edOther);
    expect(changed.status).toBe('changed');
    const onlyRsa = parseKnownHosts(line('h', rsa), 'kh');
    const verdict = verifyHostKey(onlyRsa, 'h', ed);
    expect(verdict).toMatchObject({ status: 'unknown', otherTypes: ['ssh-rsa'] });
  });

  it('refuses a revoked key and does not trust @cert-authority lines as host keys', () => {
    const entries = parseKnownHosts(
      [line('h', ed), line('*', ed, '@revoked'), line('*', edOther, '@cert-authority')].join('\n'),
      'kh',
    );
    expect(verifyHostKey(entries, 'h', ed).status).toBe('revoked');
    expect(verifyHostKey(entries, 'other', edOther)).toMatchObject({ status: 'unknown', certAuthority: true });
  });

  it('prints fingerprints as ssh-keygen does', () => {
    expect(fingerprintOf(Buffer.from('abc'))).toBe('SHA256:ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0');
  });
});
