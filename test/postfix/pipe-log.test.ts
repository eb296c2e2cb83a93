// Mail lost behind a pipe content filter, read by the real awk extraction from a real maillog sample of the lab's
// server A: one message lost while the 11025 listener was gone (status=sent, never seen again), one deferred while
// the procmailrc was missing and re-injected once it was back (its Message-ID cleaned up a second time).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipeLog } from '../../src/facts/pipe-log.js';
import { parsePipeLogDump, pipeFate } from '../../src/postfix/pipe-log.js';
import { makeContext } from '../helpers/context.js';

const SAMPLE = fileURLToPath(new URL('../fixtures/maillog/procmail-pipe-servera.maillog', import.meta.url));
let dir: string;
let text: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'oxdoctor-pipelog-'));
  text = await readFile(SAMPLE, 'utf8');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function dumpOf(log: string, relays = ['procmail']) {
  const file = path.join(dir, `maillog-${Math.random().toString(36).slice(2)}`);
  await writeFile(file, log);
  return pipeLog(makeContext(), relays, ['/nonexistent/maillog', file]);
}

describe('pipeLog and pipeFate', () => {
  it('finds the lost message, the re-injected one, and no deferral left', async () => {
    const dump = await dumpOf(text);
    expect(dump.logPath).toMatch(/maillog-/);
    expect(dump.tailed).toBe(false);
    // The lost delivery and the newest one that came back; the earlier deferral of the latter is superseded.
    expect(dump.lines).toHaveLength(2);
    expect(dump.reinjected).toEqual(new Map([['procmail', 1]]));
    expect(dump.twins.get('B6D4510E767')).toEqual({
      count: 1,
      messageId: '<20261206230445.B6D4510E767@oxmail.example.com>',
    });
    expect(dump.twins.get('A8F0110E1E8')?.count).toBe(2);
    const fate = pipeFate(dump, 'procmail', 20_000);
    expect(fate.delivered).toBe(2);
    expect(fate.reinjected).toBe(1);
    expect(fate.lost.map((d) => d.queueId)).toEqual(['B6D4510E767']);
    expect(fate.deferred).toEqual([]);
    // The newest delivery came back: the loss is over.
    expect(fate.ongoing).toBe(false);
  });

  it('says the loss goes on when the newest delivery did not come back', async () => {
    const cut = text
      .split('\n')
      .filter((l) => !l.includes('09D6C10E76D'))
      .join('\n');
    const fate = pipeFate(await dumpOf(cut), 'procmail', 20_000);
    expect(fate.lost.map((d) => d.queueId)).toEqual(['B6D4510E767', 'A8F0110E1E8']);
    expect(fate.ongoing).toBe(true);
  });

  it('keeps a message deferred by the pipe as deferred, not lost', async () => {
    const upToDeferral = text
      .split('\n')
      .filter((l) => !/23:14:5[89]|23:15/.test(l))
      .join('\n');
    const fate = pipeFate(await dumpOf(upToDeferral), 'procmail', 20_000);
    expect(fate.deferred.map((d) => [d.queueId, d.detail])).toEqual([
      ['A8F0110E1E8', 'temporary failure. Command output: procmail: Couldn\'t read "/etc/postfix/procmailrc" '],
    ]);
  });

  it('does not judge deliveries younger than the grace period', () => {
    const dump = parsePipeLogDump(
      [
        `@@now ${Math.floor(Date.UTC(2026, 11, 6, 23, 4, 50) / 1000)} +0000`,
        '@@log 0 /var/log/maillog',
        text.split('\n').find((l) => l.includes('B6D4510E767') && l.includes('pipe[')),
        '@@mid B6D4510E767 1 <20261206230445.B6D4510E767@oxmail.example.com>',
      ].join('\n'),
    );
    expect(pipeFate(dump, 'procmail', 20_000)).toMatchObject({ pending: 1, lost: [] });
    expect(pipeFate(dump, 'procmail', 1_000).lost).toHaveLength(1);
  });

  it('prints only what did not come back on a busy log: 500 more re-injected deliveries are counted, not listed', async () => {
    const trio = text
      .split('\n')
      .filter((l) => /A8F0110E1E8|09D6C10E76D/.test(l) && /cleanup|pipe.*status=sent/.test(l));
    const busy = Array.from({ length: 500 }, (_, i) =>
      trio.map((l) => l.replaceAll('A8F0110E1E8', `B${i}X`).replaceAll('09D6C10E76D', `C${i}X`)).join('\n'),
    );
    const dump = await dumpOf(`${text}\n${busy.join('\n')}\n`);
    expect(dump.lines).toHaveLength(2);
    expect(dump.reinjected.get('procmail')).toBe(501);
    expect(pipeFate(dump, 'procmail', 20_000)).toMatchObject({ delivered: 502, reinjected: 501, ongoing: false });
  });

  it('reads only the pipes asked for, and says when there is no maillog', async () => {
    expect((await dumpOf(text, ['other'])).lines).toEqual([]);
    const none = await pipeLog(makeContext(), ['procmail'], ['/nonexistent/maillog']);
    expect(none.logPath).toBeNull();
  });
});
