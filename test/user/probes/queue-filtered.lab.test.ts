// A queue past user/queue's kept bound is listed again and cut on the host: with deferred-backlog (120 messages
// from backlog@lab.invalid to exch01 on servera) the cut -j (grep -F) and -p (awk paragraphs) listings hold
// exactly the messages naming the strings, and hostile strings are literals (nothing runs, nothing matches).
import { describe, expect, it } from 'vitest';
import type { Check } from '../../../src/core/check.js';
import { ok } from '../../../src/core/result.js';
import { queueFacts } from '../../../src/facts/queue.js';
import { filteredQueue } from '../../../src/user/activity/queue-filtered.js';
import { breakFault, healFault, labExec } from '../../lab/lab.js';
import { labUser, runForUser } from '../lab-user.js';

const MARKER = `/tmp/oxdoctor-queue-pwned-${Date.now()}`;
const ASKED: readonly (readonly string[])[] = [
  ['exch01@example.com'],
  ['BACKLOG@lab.invalid'],
  [`'; touch ${MARKER}; '`, `$(touch ${MARKER})`, '.*', '^', '[a-z]'],
];

// For each format and each list of strings: "json|text n=COUNT ids=UNIQUE"
const cutCheck: Check = {
  id: 'test/queue-filtered',
  title: 'cut listings',
  roles: ['groupware'],
  proves: 'test only',
  timeoutMs: 60_000,
  async run(ctx) {
    const q = await queueFacts(ctx);
    const out: string[] = [];
    for (const format of ['json', 'text'] as const) {
      const command = [q.command[0]!, format === 'json' ? '-j' : '-p'];
      for (const strings of ASKED) {
        const r = await filteredQueue(ctx, { ...q, format, command }, strings);
        const senders = new Set(r.messages.map((m) => m.sender));
        out.push(
          `${format} n=${r.messages.length} senders=${[...senders].join(',')}${r.failure ? ` ${r.failure}` : ''}`,
        );
      }
    }
    return ok(out.join('; '));
  },
};

describe('filteredQueue', () => {
  it('deferred-backlog on servera: 120 messages to exch01 and from backlog@, none for hostile strings', async () => {
    const user = await labUser('exch01');
    await breakFault('deferred-backlog');
    let summary: string;
    try {
      const results = await runForUser(user, [cutCheck]);
      summary = results.find((r) => r.host === 'servera')!.summary;
    } finally {
      await healFault('deferred-backlog');
    }
    expect(summary).toBe(
      [
        'json n=120 senders=backlog@lab.invalid',
        'json n=120 senders=backlog@lab.invalid',
        'json n=0 senders=',
        'text n=120 senders=backlog@lab.invalid',
        'text n=120 senders=backlog@lab.invalid',
        'text n=0 senders=',
      ].join('; '),
    );
    const marker = await labExec('servera', ['sh', '-c', `test -e ${MARKER} && echo found || echo absent`]);
    expect(marker.stdout.trim()).toBe('absent');
  }, 170_000);
});
