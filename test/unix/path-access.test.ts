// Access as another user, decided from real `ls -ldn` and `id` output of this machine: a directory tree
// with real modes, a real unix socket, and this machine's postfix and nobody accounts.
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pathAccessView } from '../../src/facts/path-access.js';
import { allows, parseLsLine, pathChain, reach } from '../../src/unix/path-access.js';
import { makeContext } from '../helpers/context.js';

let dir: string;
let server: net.Server;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'oxdoctor-access-'));
  await chmod(dir, 0o755);
  await mkdir(path.join(dir, 'socket'), { mode: 0o755 });
  server = net.createServer().listen(path.join(dir, 'socket', 'lmtp'));
  await new Promise((r) => server.once('listening', r));
  await chmod(path.join(dir, 'socket', 'lmtp'), 0o777);
  await writeFile(path.join(dir, 'rcfile'), 'x\n', { mode: 0o600 });
  await writeFile(path.join(dir, 'prog'), '#!/bin/sh\n', { mode: 0o755 });
});
afterAll(async () => {
  server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('pathAccessView and reach', () => {
  it('lets nobody execute a 755 program and write a 777 socket, but not read a 600 root file', async () => {
    const ctx = makeContext();
    const sock = path.join(dir, 'socket', 'lmtp');
    const view = await pathAccessView(ctx, 'nobody', [sock, path.join(dir, 'rcfile'), path.join(dir, 'prog')]);
    expect(view.ids?.uid).toBe(65534);
    expect(reach(view.ids!, sock, view.modes, 'write')).toMatchObject({ ok: true, target: { type: 's' } });
    expect(reach(view.ids!, path.join(dir, 'prog'), view.modes, 'execute').ok).toBe(true);
    const denied = reach(view.ids!, path.join(dir, 'rcfile'), view.modes, 'read');
    expect(denied).toMatchObject({ ok: false, why: 'denied', need: 'read (r)', blocker: { perms: 'rw-------' } });
  });

  it('stops at a directory without search permission, while root passes', async () => {
    const ctx = makeContext();
    const sock = path.join(dir, 'socket', 'lmtp');
    await chmod(path.join(dir, 'socket'), 0o700);
    try {
      const postfix = await pathAccessView(ctx, 'postfix', [sock]);
      expect(reach(postfix.ids!, sock, postfix.modes, 'write')).toMatchObject({
        ok: false,
        why: 'denied',
        need: 'search (x)',
        blocker: { path: path.join(dir, 'socket'), type: 'd', perms: 'rwx------' },
      });
      const root = await pathAccessView(ctx, 'root', [sock]);
      expect(reach(root.ids!, sock, root.modes, 'write').ok).toBe(true);
    } finally {
      await chmod(path.join(dir, 'socket'), 0o755);
    }
  });

  it('reports a missing element and an unknown user', async () => {
    const ctx = makeContext();
    const gone = path.join(dir, 'no', 'such');
    const view = await pathAccessView(ctx, 'nobody', [gone]);
    expect(reach(view.ids!, gone, view.modes, 'read')).toEqual({
      ok: false,
      why: 'missing',
      path: path.join(dir, 'no'),
    });
    const nobody = await pathAccessView(ctx, 'no-such-user-oxdoctor', [gone]);
    expect(nobody.ids).toBeNull();
  });
});

describe('allows', () => {
  const m = (line: string) => parseLsLine('/x', line)!;
  it('uses the owner, then the group (supplementary too), then the other triplet', () => {
    const postfix = { user: 'postfix', uid: 103, gids: [107, 8] };
    expect(allows(postfix, m('drwxr-x--- 14 108 8 4096 Dec  6 23:04 /x'), 'execute')).toBe(true);
    expect(allows(postfix, m('drwx---r-x 14 108 8 4096 Dec  6 23:04 /x'), 'execute')).toBe(false);
    expect(allows(postfix, m('srw-rw-rw-+ 1 103 0 0 Dec  6 23:02 /x'), 'write')).toBe(true);
    expect(m('srw-rw-rw-+ 1 103 0 0 Dec  6 23:02 /x').acl).toBe(true);
    const root = { user: 'root', uid: 0, gids: [0] };
    expect(allows(root, m('-rw------- 1 5 5 3 Dec  6 23:02 /x'), 'read')).toBe(true);
    expect(allows(root, m('-rw------- 1 5 5 3 Dec  6 23:02 /x'), 'execute')).toBe(false);
    expect(allows(root, m('-rwS------ 1 5 5 3 Dec  6 23:02 /x'), 'execute')).toBe(false);
    expect(allows(root, m('-rw---s--- 1 5 5 3 Dec  6 23:02 /x'), 'execute')).toBe(true);
  });

  it('walks every directory of a path', () => {
    expect(pathChain('/var/lib/imap/socket/lmtp')).toEqual([
      '/',
      '/var',
      '/var/lib',
      '/var/lib/imap',
      '/var/lib/imap/socket',
      '/var/lib/imap/socket/lmtp',
    ]);
  });
});
