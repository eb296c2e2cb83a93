import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { SshTarget } from '../../../src/core/host.js';
import { keyTypeOf } from '../../../src/transport/ssh/host-key.js';
import { hostKeyVerdict, preferredKeyTypes } from '../../../src/transport/ssh/host-key-lookup.js';
import { parseKnownHosts } from '../../../src/transport/ssh/known-hosts.js';

function blob(type: string): Buffer {
  const t = Buffer.from(type);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(t.length);
  return Buffer.concat([len, t, randomBytes(32)]);
}

const ed = blob('ssh-ed25519');
const edOther = blob('ssh-ed25519');
const rsa = blob('ssh-rsa');
const line = (hosts: string, key: Buffer, marker = ''): string =>
  `${marker ? marker + ' ' : ''}${hosts} ${keyTypeOf(key)} ${key.toString('base64')}`;
const entries = (...lines: string[]) => parseKnownHosts(lines.join('\n'), 'kh');

function target(port: number, hostKeyAlias?: string): SshTarget {
  return {
    hostname: 'relay',
    port,
    user: 'root',
    identityFiles: [],
    knownHostsFiles: ['kh'],
    ...(hostKeyAlias ? { hostKeyAlias } : {}),
    connectTimeoutMs: 1000,
    keepaliveIntervalMs: 1000,
    maxChannels: 1,
  };
}

describe('known_hosts lookup for a target', () => {
  it('takes a port-less entry for a host on a non-22 port that has no [host]:port entry', () => {
    expect(hostKeyVerdict(target(2222), entries(line('relay', ed)), ed).status).toBe('known');
  });

  it('does not look without the port when [host]:port has an entry of another type', () => {
    const verdict = hostKeyVerdict(target(2222), entries(line('[relay]:2222', rsa), line('relay', ed)), ed);
    expect(verdict).toMatchObject({ status: 'unknown', otherTypes: ['ssh-rsa'] });
  });

  it('does not look without the port under HostKeyAlias, as OpenSSH does not', () => {
    expect(hostKeyVerdict(target(2222, 'relay-alias'), entries(line('relay', ed)), ed).status).toBe('unknown');
  });

  it('refuses a key revoked under the port-less name', () => {
    expect(hostKeyVerdict(target(2222), entries(line('relay', ed, '@revoked')), ed).status).toBe('revoked');
  });

  it('keeps a different key under the port-less name an unknown host, not a changed one', () => {
    expect(hostKeyVerdict(target(2222), entries(line('relay', edOther)), ed).status).toBe('unknown');
  });

  it("asks first for the port-less entry's key types only when [host]:port has none", () => {
    expect(preferredKeyTypes(target(2222), entries(line('relay', rsa)))).toEqual(['ssh-rsa']);
    const both = entries(line('[relay]:2222', ed), line('relay', rsa));
    expect(preferredKeyTypes(target(2222), both)).toEqual(['ssh-ed25519']);
    expect(preferredKeyTypes(target(2222, 'relay-alias'), entries(line('relay', rsa)))).toEqual([]);
  });
});
