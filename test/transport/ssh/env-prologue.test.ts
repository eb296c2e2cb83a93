import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { remoteCommand } from '../../../src/transport/ssh/env-prologue.js';
import { LocalTransport } from '../../../src/transport/local.js';
import { PidMarker } from '../../../src/transport/ssh/pid-marker.js';

const local = new LocalTransport();
// The shells a remote login shell may be here: dash as /bin/sh, bash, and bash in POSIX mode.
const SHELLS = [
  ['/bin/sh', '-c'],
  ['/bin/bash', '-c'],
  ['/bin/bash', '--posix', '-c'],
].filter(([sh]) => existsSync(sh!));

// What sshd does with the command line: `$SHELL -c COMMAND`, stdin from the channel.
async function runAsSshd(
  shell: readonly string[],
  argv: readonly string[],
  env: Record<string, string> | undefined,
  stdin: Buffer,
) {
  const { command, prefix } = remoteCommand(argv, env);
  return local.exec([...shell, command], { stdin: Buffer.concat([prefix, stdin]) });
}

describe.each(SHELLS.map((s) => [s.join(' '), s]))('the remote prologue under %s', (_name, shell) => {
  it('exports env values exactly and leaves the following stdin intact', async () => {
    const data = randomBytes(65_536);
    const env = { A: `sp ace 'q' "dq" $(x) \`y\` \\ ;|*~ =x=`, EMPTY: '', UTF: 'grüße' };
    const r = await runAsSshd(shell!, ['sh', '-c', 'printf "%s|%s|%s|" "$A" "$EMPTY" "$UTF"; cksum'], env, data);
    const expected = await local.exec(['cksum'], { stdin: data });
    expect(r.stdout).toBe(`${env.A}||${env.UTF}|${expected.stdout}`);
  });

  it('reports its pid on stderr before the command output', async () => {
    const r = await runAsSshd(shell!, ['sh', '-c', 'echo err >&2'], undefined, Buffer.alloc(0));
    expect(r.stderr).toMatch(/^oxdoctor-pid \d+\nerr\n$/);
  });

  it('gives 127 for a missing command', async () => {
    const r = await runAsSshd(shell!, ['oxdoctor-no-such-binary'], { X: '1' }, Buffer.alloc(0));
    expect(r.code).toBe(127);
  });
});

describe('remoteCommand', () => {
  it('refuses env names that are not shell variables and values with NUL or newline', () => {
    expect(() => remoteCommand(['true'], { 'A-B': 'x' })).toThrow(/not a valid shell variable name/);
    expect(() => remoteCommand(['true'], { __oxd_l: 'x' })).toThrow(/not a valid shell variable name/);
    expect(() => remoteCommand(['true'], { A: 'x\0' })).toThrow(/newline or NUL/);
  });

  it('never puts env values on the command line', () => {
    const { command, prefix } = remoteCommand(['true'], { SECRET: 'hunter2-value' });
    expect(command).not.toContain('hunter2-value');
    expect(prefix.toString()).toBe('SECRET=hunter2-value\n\n');
  });
});

describe('PidMarker', () => {
  it('removes the marker split across chunks and keeps login noise before it', () => {
    const out: Buffer[] = [];
    const m = new PidMarker((c) => out.push(c));
    for (const part of ['motd noise\noxdoc', 'tor-pid 4', '2\nreal ', 'stderr\n']) m.push(Buffer.from(part));
    m.flush();
    expect(m.pid).toBe(42);
    expect(Buffer.concat(out).toString()).toBe('motd noise\nreal stderr\n');
  });

  it('passes stderr through unchanged when no marker ever comes', () => {
    const out: Buffer[] = [];
    const m = new PidMarker((c) => out.push(c));
    m.push(Buffer.from('sh: cannot start\n'));
    m.flush();
    expect(m.pid).toBeNull();
    expect(Buffer.concat(out).toString()).toBe('sh: cannot start\n');
  });
});
