// Whether the seed keeps a cyrus mailbox for this user on this host, and why: a full OX user has one on server A
// (its mail) and on server B (the archive copy in INBOX, the sent copies in Sent Items); an infostore-only user
// gets "infostore, contacts and send-only mail" from its sync; a user without extensionAttribute1 is no OX user.
import type { HostSpec } from '../../core/host.js';
import type { UserTarget } from '../target.js';

export interface MailboxExpectation {
  readonly expected: boolean;
  readonly why: string; // the clause after "expected: " or "none expected: "
  readonly leftover?: boolean; // a mailbox here is a leftover no mail reaches (an Exchange or non-OX user)
}

export function isArchiveHost(host: Pick<HostSpec, 'roles'>): boolean {
  return host.roles.includes('archive');
}

export function mailboxExpectation(target: UserTarget, host: Pick<HostSpec, 'roles'>): MailboxExpectation {
  const archive = isArchiveHost(host);
  // The seed's infostore filter also takes every Exchange-only user (mail, no extensionAttribute1).
  if (target.entry.oxClass !== 'full-ox-user' && target.exchangeMailbox)
    return {
      expected: false,
      leftover: true,
      why: 'its mailbox is in Exchange (no extensionAttribute1: not a full OX user)',
    };
  switch (target.entry.oxClass) {
    case 'full-ox-user':
      return {
        expected: true,
        why: archive
          ? 'a full OX user: server B files the archive copy of its mail in INBOX and its sent copies in Sent Items'
          : 'a full OX user: server A delivers its mail to INBOX',
      };
    case 'infostore-only':
      return {
        expected: false,
        why: 'an infostore-only user (no extensionAttribute1): its sync gives it the infostore and send-only mail',
      };
    case 'not-ox-user':
      return {
        expected: false,
        leftover: true,
        why: 'not an OX user (no mail address, or not a user object)',
      };
  }
}
