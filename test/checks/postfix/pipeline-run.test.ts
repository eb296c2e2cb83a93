// postfix/pipeline run whole on this machine: the seed's procmail pipe in master.cf pointing at a real rcfile,
// altermime stand-in and disclaimer in a temp directory, judged as the real account nobody with ls and id, the
// real /usr/bin/procmail, /usr/sbin/sendmail and /usr/bin/msmtp (also as ssmtp); the re-injection against a
// closed port.
import { chmod, copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelineCheck } from '../../../checks/postfix/pipeline/index.js';
import type { Step } from '../../../src/core/result.js';
import { makeContext } from '../../helpers/context.js';
import { closedPort } from '../../helpers/tcp.js';
import { postfixFacts } from '../service/seeded-facts.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'oxdoctor-pipeline-run-'));
  await chmod(dir, 0o755);
  await file('disclaimer.txt', 'Confidential.\n', 0o644);
  await file('altermime', '#!/bin/sh\ncat\n', 0o755);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, text: string, mode: number): Promise<string> {
  const p = path.join(dir, name);
  await writeFile(p, text);
  await chmod(p, mode);
  return p;
}

// The seed's server B rcfile with the test's paths; `deliver` is the delivering recipe's command.
const rcfile = (deliver: string, disclaimer = `${dir}/disclaimer.txt`): string =>
  [
    `LOGFILE=${dir}/procmail.log`,
    'SENDER=$1',
    'SHIFT=1',
    ':0 hbfwi',
    `| ${dir}/altermime --input=- --disclaimer=${disclaimer}`,
    '',
    ':0',
    `| ${deliver} -i -f "$SENDER" -- "$@"`,
    '',
  ].join('\n');

// The seed's port 25 -> procmail pipe, as user `user`, reading the rcfile `rc` of the temp directory.
const master = (rc: string, user = 'nobody', extra = ''): string =>
  [
    'smtp inet n - n - - smtpd',
    '  -o content_filter=procmail:procmail',
    'pickup unix n - n 60 1 pickup',
    'procmail unix - n n - 5 pipe',
    `  flags=R user=${user} argv=/usr/bin/procmail -t -m ${dir}/${rc} \${sender} \${recipient}`,
    extra,
  ].join('\n');

const run = (masterCf: string) => pipelineCheck.run(makeContext({ facts: postfixFacts({}, masterCf) }));
const stepOf = (steps: readonly Step[] | undefined, name: string): Step | undefined =>
  steps?.find((s) => s.name === name);

describe('postfix/pipeline run on this machine', () => {
  it('is OK following port 25 through procmail and altermime back to pickup through sendmail', async () => {
    await file('procmailrc', rcfile('/usr/sbin/sendmail'), 0o644);
    const outcome = await run(master('procmailrc'));
    expect(outcome.status, JSON.stringify(outcome.steps)).toBe('ok');
    expect(outcome.summary).toMatch(
      new RegExp(`^smtp -> /usr/bin/procmail -> ${dir}/altermime -> /usr/sbin/sendmail -> pickup \\(as nobody\\)`),
    );
  });

  it('is CRIT when master.cf runs the pipe as a user the host does not have', async () => {
    await file('procmailrc', rcfile('/usr/sbin/sendmail'), 0o644);
    const outcome = await run(master('procmailrc', 'oxdoctor-no-such-user'));
    expect(outcome.status).toBe('crit');
    // catches: master.cf runs the pipe as a user the host does not have: every message is deferred
    expect(outcome.summary).toMatch(
      /^master\.cf runs the procmail pipe as oxdoctor-no-such-user \(line 4\), a user testhost does not have: pipe\(8\) defers every message from smtp/,
    );
  });

  it('is CRIT when the disclaimer altermime reads is missing, or closed to the pipe user', async () => {
    await file('procmailrc-gone', rcfile('/usr/sbin/sendmail', `${dir}/gone.txt`), 0o644);
    const outcome = await run(master('procmailrc-gone'));
    expect(outcome.status).toBe('crit');
    // catches: the disclaimer file altermime is given is missing
    expect(stepOf(outcome.steps, `${dir}/gone.txt`)).toMatchObject({
      status: 'crit',
      summary: new RegExp(
        `^${dir}/gone\\.txt \\(a file ${dir}/altermime reads \\(${dir}/procmailrc-gone line 5\\)\\) is missing: ` +
          'mail from smtp fails in the procmail pipe at this point$',
      ),
    });
    const closed = await file('disclaimer-root.txt', 'Confidential.\n', 0o600);
    await file('procmailrc-root', rcfile('/usr/sbin/sendmail', closed), 0o644);
    const steps = (await run(master('procmailrc-root'))).steps;
    // catches: the disclaimer file altermime is given is missing or unreadable by the pipe user
    expect(stepOf(steps, closed)).toMatchObject({
      status: 'crit',
      summary: new RegExp(`^nobody may not read ${closed} `),
    });
  });

  it("is CRIT when msmtp's configuration is closed to the pipe user, and when its target refuses", async () => {
    const port = await closedPort();
    const rc = await file('msmtprc', `account default\nhost 127.0.0.1\nport ${port}\n`, 0o600);
    await file('procmailrc-msmtp', rcfile(`/usr/bin/msmtp --file=${rc}`), 0o644);
    const outcome = await run(master('procmailrc-msmtp', 'nobody', `127.0.0.1:${port} inet n - n - - smtpd`));
    expect(outcome.status).toBe('crit');
    // catches: the submitter's configuration (ssmtp.conf, msmtprc) is unreadable by the pipe user
    expect(stepOf(outcome.steps, rc)).toMatchObject({
      status: 'crit',
      summary: new RegExp(`^nobody may not read ${rc} \\(msmtp's configuration\\): ${rc} is -rw------- owner 0`),
    });
    expect(stepOf(outcome.steps, 're-injection')?.summary).toMatch(
      new RegExp(`hands mail back to 127\\.0\\.0\\.1:${port}, but .*refused the connection`),
    );
  });

  it('is CRIT when ssmtp.conf is root:root 640, and follows its mailhub', async () => {
    const port = await closedPort();
    const ssmtp = path.join(dir, 'ssmtp');
    await copyFile('/usr/bin/msmtp', ssmtp); // a real binary (not a wrapper script) named ssmtp
    await chmod(ssmtp, 0o755);
    const conf = await file('ssmtp.conf', `root=postmaster\nmailhub=127.0.0.1:${port}\n`, 0o640);
    await file('procmailrc-ssmtp', rcfile(`${ssmtp} -C${conf}`), 0o644);
    const outcome = await run(master('procmailrc-ssmtp', 'nobody', `127.0.0.1:${port} inet n - n - - smtpd`));
    expect(outcome.status).toBe('crit');
    // catches: the submitter's configuration (ssmtp.conf, msmtprc) is unreadable by the pipe user
    expect(stepOf(outcome.steps, conf)).toMatchObject({
      status: 'crit',
      summary: new RegExp(`^nobody may not read ${conf} \\(ssmtp's configuration\\): ${conf} is -rw-r----- owner 0`),
    });
    expect(stepOf(outcome.steps, 're-injection')?.summary).toMatch(
      new RegExp(`^${ssmtp} \\(.*\\) hands mail back to 127\\.0\\.0\\.1:${port}, but .*refused the connection`),
    );
  });

  it('is OK with no steps to follow when no smtpd listener hands mail to a pipe', async () => {
    const outcome = await run('smtp inet n - n - - smtpd\n');
    expect(outcome).toMatchObject({ status: 'ok', summary: /no smtpd listener hands mail to a pipe\(8\)/ });
  });
});
