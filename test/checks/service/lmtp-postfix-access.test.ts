// service/lmtp's postfix view: this machine's real postfix account against a real unix socket whose directory
// root may search and postfix may not; an lmtp client that runs as root (unprivileged n) is not judged.
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lmtpSockets, postfixLmtpSteps } from '../../../checks/service/lmtp/postfix-access.js';
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
      // catches: postfix may not search the socket's directory, though root's probe connects
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
    // catches: the socket postfix delivers to does not exist (mailbox_transport and cyrus.conf disagree)
    expect(step).toMatchObject({ status: 'crit', summary: /but .*\/gone does not exist: local delivery is deferred/ });
  });

  it('is CRIT when the path postfix delivers to is a regular file, not a socket', async () => {
    const file = path.join(dir, 'socket', 'plain');
    await writeFile(file, '');
    await chmod(file, 0o666);
    const ctx = makeContext({ facts: postfixFacts({ mailbox_transport: `lmtp:unix:${file}` }, MASTER) });
    const [step] = await postfixLmtpSteps(ctx);
    // catches: the path postfix delivers to is not a socket (a file left where cyrus should listen)
    expect(step).toMatchObject({ status: 'crit', summary: new RegExp(`but ${file} is not a socket \\(-rw`) });
    expect(step?.hint).toMatch(/restart cyrus so it recreates the socket/);
  });

  it('is CRIT when mail_owner names a user the host does not have', async () => {
    const ctx = makeContext({
      facts: postfixFacts({ mailbox_transport: `lmtp:unix:${socket}`, mail_owner: 'oxdoctor-no-such-user' }, MASTER),
    });
    const [step] = await postfixLmtpSteps(ctx);
    // catches: mail_owner is a user the host does not have
    expect(step).toMatchObject({
      status: 'crit',
      summary: /as mail_owner oxdoctor-no-such-user, a user testhost does not have$/,
    });
  });

  it('looks for the socket under queue_directory when the lmtp client is chrooted', async () => {
    const chrooted = 'lmtp unix - - y - - lmtp\n';
    const inside = postfixFacts({ mailbox_transport: 'lmtp:unix:/socket/lmtp', queue_directory: dir }, chrooted);
    expect((await postfixLmtpSteps(makeContext({ facts: inside })))[0]).toMatchObject({
      status: 'ok',
      name: `postfix -> ${socket}`,
    });
    const spool = path.join(dir, 'spool');
    const outside = postfixFacts({ mailbox_transport: `lmtp:unix:${socket}`, queue_directory: spool }, chrooted);
    const [step] = await postfixLmtpSteps(makeContext({ facts: outside }));
    // catches: a chrooted lmtp client finds no socket under queue_directory
    expect(step).toMatchObject({ status: 'crit', summary: new RegExp(`lmtp:unix:${spool}${socket}.* does not exist`) });
  });
});

describe('lmtpSockets', () => {
  it("finds the seed's mailbox_transport socket and skips other transports", () => {
    const values: Record<string, string> = {
      mailbox_transport: 'lmtp:unix:/var/lib/imap/socket/lmtp',
      virtual_transport: 'virtual',
      local_transport: 'lmtp:inet:127.0.0.1:24',
    };
    expect(lmtpSockets((n) => values[n])).toEqual([{ path: '/var/lib/imap/socket/lmtp', param: 'mailbox_transport' }]);
    expect(lmtpSockets(() => undefined)).toEqual([]);
  });
});
