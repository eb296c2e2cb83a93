// What the user's kind means for a host's route, said once in its summary. Pure.
import type { UserTarget } from '../target.js';

// The addresses whose mail Exchange passes to the relay (and so to server B's archive): all of an OX mailbox's;
// for a user whose mailbox is in Exchange only its forwarding contacts' (the seed's adlocalrecipients contract).
export function reachingOx(target: UserTarget, recipients: readonly string[]): string[] {
  if (!target.exchangeMailbox) return [...recipients];
  const contacts = new Set(target.forwardingContacts.map((c) => c.mail?.toLowerCase()));
  return recipients.filter((a) => contacts.has(a));
}

export function kindNote(target: UserTarget, isRelay: boolean): string | undefined {
  const contacts = target.forwardingContacts.map((c) => c.mail ?? c.dn).join(', ');
  if (isRelay && target.exchangeMailbox)
    return (
      `${target.login}'s mailbox is in Exchange: mail reaches the relay only through ` +
      (contacts ? `the forwarding contact ${contacts}` : 'a forwarding contact, and it has none')
    );
  if (!isRelay && target.entry.oxClass === 'infostore-only' && !target.exchangeMailbox)
    return (
      `${target.login} is an infostore-only OX user (the seed: send-only mail in OX): its mail is delivered ` +
      `into cyrus like any OX user's, where createonpost makes the mailbox on the first mail`
    );
  return undefined;
}
