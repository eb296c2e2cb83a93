import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { SshTarget } from '../../../src/core/host.js';
import { appendCommand, offeredKeyLine, removeCommand } from '../../../src/transport/ssh/host-key-hints.js';

// ssh-keygen's own output for a fixed ed25519 key, so the line is what OpenSSH would write.
const KEY_TEXT = 'AAAAC3NzaC1lZDI1NTE5AAAAIBSOnNkG40Ds315XS1nFzl4Njo+fRhwI8DSz2yuNGwOq';
const key = Buffer.from(KEY_TEXT, 'base64');

function target(port: number, hostKeyAlias?: string): SshTarget {
  return {
    hostname: 'relay.example.com',
    port,
    user: 'root',
    identityFiles: [],
    knownHostsFiles: [],
    ...(hostKeyAlias ? { hostKeyAlias } : {}),
    connectTimeoutMs: 1000,
    keepaliveIntervalMs: 1000,
    maxChannels: 1,
  };
}

describe('host key hint commands', () => {
  it('shows the offered key as a known_hosts line with the fingerprint ssh-keygen prints', () => {
    const fp = execFileSync('ssh-keygen', ['-lf', '-'], { input: `x ssh-ed25519 ${KEY_TEXT}\n`, encoding: 'utf8' });
    const expected = `[10.0.0.5]:2222 ssh-ed25519 ${KEY_TEXT} (${fp.split(' ')[1]})`;
    expect(offeredKeyLine('[10.0.0.5]:2222', key)).toBe(expected);
  });

  it('quotes the [host]:port name and a path with spaces', () => {
    expect(removeCommand('[10.0.0.5]:2222', '/home/on call/.ssh/known_hosts')).toBe(
      "ssh-keygen -R '[10.0.0.5]:2222' -f '/home/on call/.ssh/known_hosts'",
    );
  });

  it('scans port 22 without -p and appends to the named file', () => {
    expect(appendCommand(target(22), key, '/root/.ssh/known_hosts')).toBe(
      'ssh-keyscan -t ssh-ed25519 relay.example.com >> /root/.ssh/known_hosts',
    );
  });

  it('renames the scanned line to the HostKeyAlias with a quoted sed expression', () => {
    expect(appendCommand(target(2222, "it's/a&b"), key, undefined)).toBe(
      "ssh-keyscan -t ssh-ed25519 -p 2222 relay.example.com | sed 's/^[^ ]*/it'\\''s\\/a\\&b/' >> ~/.ssh/known_hosts",
    );
  });
});
