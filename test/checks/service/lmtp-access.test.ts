// service/lmtp's postfix view: this machine's real postfix account against a real unix socket whose directory
// root may search and postfix may not; an lmtp client that runs as root (unprivileged n) is not judged.
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postfixLmtpSteps } from '../../../checks/service/lmtp-access.js';
import { makeContext } from '../../helpers/context.js';
import { postfixFacts } from './seeded-facts.js';

let dir: string;
let socket: string;
let server: net.Server;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'oxdoctor-lmtp-access-'));
  await chmod(dir, 0o755);
  await mkdir(path.join(dir, 'socket'), { mode: 0o755 });
  socket = path.join(dir, 'socket', 'lmtp');
  server = net.createServer().listen(socket);
  await new Promise((r) => server.once('listening', r));
  await chmod(socket, 0o777);
});
afterAll(async () => {
  server.close();
  await rm(dir, { recursive: true, force: true });
});

const MASTER = 'lmtp unix - - n - - lmtp\n';
const steps = (master = MASTER) =>
  postfixLmtpSteps(
    makeContext({ facts: postfixFacts({ mailbox_transport: `lmtp:unix:${socket}`, mail_owner: 'postfix' }, master) }),
  );

describe('postfixLmtpSteps', () => {
  it('is OK when postfix may search every directory and write the socket', async () => {
    const [step] = await steps();
    expect(step).toMatchObject({ status: 'ok', name: `postfix -> ${socket}` });
    expect(step?.summary).toContain(`postfix delivers to lmtp:unix:${socket} (mailbox_transport); postfix may connect`);
  });

  it('is CRIT naming the directory when postfix may not search it, though root may', async () => {
    await chmod(path.join(dir, 'socket'), 0o700);
    try {
      const [step] = await steps();
      expect(step?.status).toBe('crit');
      expect(step?.summary).toMatch(
        new RegExp(
          `but postfix \\(uid \\d+, groups [\\d ]+\\) may not connect: ${path.join(dir, 'socket')} is drwx------ owner 0 group 0, no search \\(x\\) for postfix`,
        ),
      );
      expect(step?.hint).toMatch(/postfix in group mail/);
      // An lmtp client that runs as root (unprivileged "n") reaches it: nothing to judge.
      expect(await steps('lmtp unix - n n - - lmtp\n')).toEqual([]);
    } finally {
      await chmod(path.join(dir, 'socket'), 0o755);
    }
  });

  it('is CRIT when the socket postfix delivers to does not exist', async () => {
    const ctx = makeContext({
      facts: postfixFacts({ mailbox_transport: `lmtp:unix:${dir}/gone/lmtp` }, MASTER),
    });
    const [step] = await postfixLmtpSteps(ctx);
    expect(step).toMatchObject({ status: 'crit', summary: /but .*\/gone does not exist: local delivery is deferred/ });
  });
});
