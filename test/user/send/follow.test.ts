import { describe, expect, it } from 'vitest';
import type { CopyPlan } from '../../../src/user/send/copies.js';
import { pending, type CopyState } from '../../../src/user/send/follow.js';
import type { Mailbox } from '../../../src/user/send/mailboxes.js';

const plan: CopyPlan = {
  route: { name: 'sent', group: ['serverb'], other: ['servera'] },
  where: 'Sent Items of test1001 on serverb',
  server: 'B',
  folder: 'sent',
  readable: true,
};
const mailboxes = { B: {} as Mailbox };
const end = (detail: string, state: 'delivered' | 'deferred' = 'delivered') => ({
  recipient: 'test1001@example.com',
  state,
  host: 'serverb',
  detail,
});

describe('pending', () => {
  it('waits on after one trace that puts a readable copy outside its folder (the cyrus line may not be read yet)', () => {
    const c: CopyState = {
      plan,
      trail: { hops: [], end: end('lmtp: test1001+Sent Items'), stop: 'x; not in Sent Items', definitive: true },
    };
    expect(pending(c, { mailboxes })).toBe(true);
    c.confirmed = true;
    expect(pending(c, { mailboxes })).toBe(false);
  });

  it('stops at once for a deferral, and once the copy is seen', () => {
    const deferred: CopyState = {
      plan,
      trail: { hops: [], end: end('connect refused', 'deferred'), stop: 'refused', definitive: true },
    };
    expect(pending(deferred, { mailboxes })).toBe(false);
    expect(pending({ plan, seenAt: 1 }, { mailboxes })).toBe(false);
    expect(pending({ plan }, { mailboxes })).toBe(true);
  });
});
