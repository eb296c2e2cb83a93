// Which copies each test message makes and where each is read: the relay's message lands in the user's INBOX
// on server A and, by the relay's BCC, in the archive (the user's INBOX on server B); the user's own message to
// itself lands in its INBOX on server A and, by server A's sender BCC, in Sent Items on server B. Only a full OX
// user has cyrus mailboxes (the archive and Sent Items on server B): for anyone else the relay's BCC to server B
// bounces to the null sender unseen, and the copy that matters is the one handed on (Exchange).
import type { UserTarget } from '../target.js';
import type { Folder } from './mailboxes.js';
import type { SendPlaces } from './places.js';
import type { CopyRoute } from './trail.js';
import type { CopyName } from './types.js';

export interface CopyPlan {
  readonly route: CopyRoute;
  readonly where: string;
  readonly server: 'A' | 'B';
  readonly folder: Folder;
  readonly readable: boolean; // its mailbox is on a cyrus of the site (not Exchange)
}

export function copiesOf(via: 'relay' | 'user', target: UserTarget, places: SendPlaces): CopyPlan[] {
  const { login, exchangeMailbox } = target;
  const oxMailbox = target.entry.oxClass === 'full-ox-user';
  const a = places.groupA;
  const b = places.groupB;
  const onA = a[0] ?? 'server A';
  const onB = b[0] ?? 'server B';
  const route = (name: CopyName, group: readonly string[], other: readonly string[]): CopyRoute => ({
    name,
    group,
    other,
  });
  const inbox: CopyPlan =
    exchangeMailbox || !oxMailbox
      ? {
          route: route('inbox', a, b),
          where: exchangeMailbox
            ? `Exchange mailbox of ${login} (handed on by ${onA}, followed in the logs)`
            : `mail of ${login} on ${onA} (no OX mailbox expected, followed in the logs)`,
          server: 'A',
          folder: 'inbox',
          readable: false,
        }
      : {
          route: route('inbox', a, b),
          where: `INBOX of ${login} on ${onA}`,
          server: 'A',
          folder: 'inbox',
          readable: true,
        };
  if (!oxMailbox) return [inbox];
  if (via === 'relay')
    return [
      inbox,
      {
        route: route('archive', b, a),
        where: `archive (INBOX of ${login}) on ${onB}`,
        server: 'B',
        folder: 'inbox',
        readable: true,
      },
    ];
  return [
    inbox,
    // The sent copy passes server A first (disclaimer, sender BCC): no host of its trail is another branch's.
    {
      route: route('sent', b, []),
      where: `Sent Items of ${login} on ${onB}`,
      server: 'B',
      folder: 'sent',
      readable: true,
    },
  ];
}
