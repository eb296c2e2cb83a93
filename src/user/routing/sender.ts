// What one host's postfix does with mail FROM an address: each smtpd listener's cleanup applies sender_bcc_maps
// (the seed: localhost:11025 via archivecleanup, pcre:/etc/postfix/archive_sentmail), and the copy's route.
import { tableRefs } from '../../postfix/main-cf.js';
import { senderBccMaps } from '../../checkkit/sender-bcc.js';
import { findAddress, type Found } from './find.js';
import type { HostView } from './host-view.js';
import { routed, type Routed } from './recipient.js';

export interface SenderCopy {
  readonly tables: string; // as written, space separated
  readonly users: readonly string[]; // "127.0.0.1:11025 via archivecleanup (master.cf line 5)"
  readonly found: Found;
  readonly copy?: Routed;
}

// [] when no listener of the host applies sender_bcc_maps.
export async function senderCopies(view: HostView, address: string): Promise<SenderCopy[]> {
  return Promise.all(
    senderBccMaps(view.services, view.pc).map(async (entry) => {
      const found = await findAddress(tableRefs(entry.tables.join(' ')), address, view.lookups.lookup);
      const copy = found.kind === 'found' ? await routed(view, found.value.toLowerCase()) : undefined;
      return { tables: entry.tables.join(' '), users: entry.users, found, ...(copy ? { copy } : {}) };
    }),
  );
}

export function appliesSenderBcc(view: HostView): boolean {
  return senderBccMaps(view.services, view.pc).length > 0;
}
