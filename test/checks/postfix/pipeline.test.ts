// postfix/pipeline's steps on real inputs: needs judged from this machine's real files and accounts (ls -ldn, id),
// the re-injection against the seed's master.cf (a listener gone, a loop, pickup gone, a refused port), and the loss
// sentence.
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needStep } from '../../../checks/postfix/pipeline/access.js';
import { lossStep } from '../../../checks/postfix/pipeline/losses.js';
import { reinjectionStep } from '../../../checks/postfix/pipeline/reinjection.js';
import { pathAccessView } from '../../../src/facts/path-access.js';
import { makeFacts } from '../../../src/facts/postconf.js';
import { inetListeners, parseMasterCf } from '../../../src/postfix/master-cf.js';
import { parsePipeLogDump, pipeFate } from '../../../src/postfix/pipe-log.js';
import { makeContext } from '../../helpers/context.js';
import { closedPort } from '../../helpers/tcp.js';
import { labTemplate } from '../../postfix/lab-templates.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'oxdoctor-pipeline-'));
  await chmod(dir, 0o755);
  await writeFile(path.join(dir, 'disclaimer.txt'), 'text\n', { mode: 0o644 });
  await writeFile(path.join(dir, 'procmailrc'), 'LOGFILE=/tmp/x\n', { mode: 0o600 });
  await writeFile(path.join(dir, 'altermime'), '#!/bin/sh\n', { mode: 0o744 });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('needStep as the pipe user nobody', () => {
  const judge = async (file: string, want: 'read' | 'execute') => {
    const p = path.join(dir, file);
    const view = await pathAccessView(makeContext(), 'nobody', [p]);
    return needStep(view, view.ids!, { path: p, want, role: 'test role' }, 'mail is deferred');
  };

  it('is OK for a file nobody may read', async () => {
    expect(await judge('disclaimer.txt', 'read')).toMatchObject({ status: 'ok', summary: /^nobody may read / });
  });

  it('is CRIT for a root-only rcfile, naming the mode and the ids, though root reads it', async () => {
    const step = await judge('procmailrc', 'read');
    expect(step.status).toBe('crit');
    // catches: procmail's rcfile unreadable by the pipe user (root-only mode), though root reads it
    expect(step.summary).toMatch(
      /^nobody may not read .*procmailrc \(test role\): .*procmailrc is -rw------- owner 0 group 0, no read \(r\) for nobody \(uid 65534, groups \d+\): mail is deferred$/,
    );
    expect(step.hint).toMatch(/chmod o\+r/);
  });

  it('is CRIT for a program only its owner may execute, and for a missing one', async () => {
    // catches: a program the pipe runs is not executable by the pipe user
    expect((await judge('altermime', 'execute')).summary).toMatch(/no execute \(x\) for nobody/);
    const gone = await judge('ssmtp', 'execute');
    // catches: a program the pipe runs is missing
    expect(gone).toMatchObject({ status: 'crit', summary: /ssmtp \(test role\) is missing: mail is deferred$/ });
    expect(gone.hint).toMatch(/^install /);
  });

  it('is CRIT for a program path that is a directory', async () => {
    const step = await judge('.', 'execute');
    // catches: a program path that is a directory, not a regular file
    expect(step).toMatchObject({ status: 'crit', summary: /\(test role\) is not a regular file \(drwxr-xr-x owner 0/ });
  });
});

describe('reinjectionStep on the seed server A master.cf', () => {
  const pc = makeFacts('postconf', new Map([['inet_interfaces', '127.0.10.2']]), '/etc/postfix', '3.7.11', new Map());
  const seedA = labTemplate('servera', 'master.cf');
  const step = (master: string, target: Parameters<typeof reinjectionStep>[1]['target']) => {
    const services = parseMasterCf(master);
    const pipe = services.find((s) => s.name === 'procmail')!;
    return reinjectionStep(makeContext(), { via: 'ssmtp', target }, pipe, services, inetListeners(services), pc);
  };
  const to11025 = { kind: 'smtp', host: 'localhost', port: 11025, source: 'mailhub=localhost:11025' } as const;

  it('is CRIT when no smtpd listens where ssmtp hands mail back: mail is lost', async () => {
    const gone = seedA.replace(/^127\.0\.0\.1:11025 .*\n.*\n/m, '');
    const s = await step(gone, to11025);
    expect(s.status).toBe('crit');
    // catches: no smtpd listens where the submitter hands mail back: mail is logged sent, then lost
    expect(s.summary).toBe(
      'ssmtp hands mail back to localhost:11025 (mailhub=localhost:11025), where master.cf runs no smtpd: every mail through the procmail pipe is logged as sent and then lost',
    );
  });

  it('does not count ":11025" bound to inet_interfaces 127.0.10.2 as listening on localhost', async () => {
    const wrong = seedA.replace(/^127\.0\.0\.1:11025 /m, ':11025 ');
    // catches: the re-injection listener bound to another address than the one the submitter uses
    expect((await step(wrong, to11025)).summary).toMatch(/where master\.cf runs no smtpd/);
  });

  it('is CRIT on a loop: the listener hands mail to the same pipe again', async () => {
    const loop = seedA.replace(/^(127\.0\.0\.1:11025 .*)$/m, '$1\n  -o content_filter=procmail:procmail');
    // catches: mail loops: the re-injection listener hands mail to the same pipe again
    expect((await step(loop, to11025)).summary).toMatch(/^mail loops: ssmtp hands mail back to 127\.0\.0\.1:11025/);
  });

  it('is CRIT when the listener is configured but refuses (postfix not reloaded)', async () => {
    const port = await closedPort();
    const master = seedA.replace('127.0.0.1:11025', `127.0.0.1:${port}`);
    const s = await step(master, { kind: 'smtp', host: '127.0.0.1', port, source: 'test' });
    expect(s.status).toBe('crit');
    // catches: the re-injection listener is configured but refuses (postfix not reloaded or stopped)
    expect(s.summary).toMatch(
      /refused the connection.*: mail through the procmail pipe is logged as sent and then lost$/,
    );
  });

  it('needs pickup for sendmail, and warns when the target is unknown', async () => {
    const pickup = { kind: 'pickup', source: 'sendmail' } as const;
    const base = 'pickup unix n - n 60 1 pickup\n' + seedA;
    expect((await step(base, pickup)).status).toBe('ok');
    // catches: sendmail hands mail back but master.cf runs no pickup: mail stays in the maildrop
    expect((await step(seedA, pickup)).summary).toMatch(/master\.cf runs no pickup service/);
    // catches: no mailhub or msmtp host found for the submitter: WARN, to be checked by hand
    expect((await step(seedA, null)).status).toBe('warn');
  });
});

describe('lossStep', () => {
  const line = (t: string, id: string, status = 'sent') =>
    `Dec  6 ${t} node8888 postfix/pipe[1]: ${id}: to=<a@example.com>, relay=procmail, delay=0.1, dsn=2.0.0, status=${status} (x)`;
  const now = Math.floor(Date.UTC(2026, 11, 6, 23, 30, 0) / 1000);

  it('leads with "mail is being lost" and the cause while the newest delivery did not come back', () => {
    const dump = parsePipeLogDump(
      [
        `@@now ${now} +0000`,
        '@@log 0 /var/log/maillog',
        line('23:10:00', 'AAA'),
        line('23:20:00', 'BBB'),
        line('23:21:00', 'CCC'),
        '@@mid AAA 2 <a@x>',
        '@@mid BBB 1 <b@x>',
        '@@mid CCC 1 <c@x>',
        '@@err Dec  6 23:21:00 node8888 sSMTP[9]: Unable to connect to "localhost" port 11025.',
      ].join('\n'),
    );
    const s = lossStep(pipeFate(dump, 'procmail', 20_000), dump, undefined, 'servera');
    expect(s.status).toBe('crit');
    // catches: mail is being lost: the pipe logs status=sent and the message never comes back
    expect(s.summary).toBe(
      'mail is being lost: 2 messages since 2026-12-06 23:20 passed the procmail pipe (status=sent) and never came back into postfix (last 2026-12-06 23:21, queue ids BBB, CCC) (log: Dec  6 23:21:00 node8888 sSMTP[9]: Unable to connect to "localhost" port 11025.)',
    );
    expect(s.hint).toMatch(/\/var\/log\/maillog on servera/);
  });

  it('warns about mail the pipe defers', () => {
    const dump = parsePipeLogDump(
      [`@@now ${now} +0000`, '@@log 0 /var/log/maillog', line('23:29:00', 'DDD', 'deferred')].join('\n'),
    );
    // catches: mail deferred by the pipe: WARN with the pipe's own words
    expect(lossStep(pipeFate(dump, 'procmail'), dump, undefined, 'servera')).toMatchObject({
      status: 'warn',
      summary: '1 message deferred by the procmail pipe, the newest at 2026-12-06 23:29: x',
    });
  });
});
