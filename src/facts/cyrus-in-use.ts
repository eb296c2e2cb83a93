// Whether cyrus actually serves mail here, not merely has its package installed (Debian leaves
// /etc/imapd.conf on every host with cyrus-imapd, in use or not).
import { parseImapdConf } from '../cyrus/imapd-conf.js';
import type { Transport } from '../transport/types.js';
import { pathExists } from './read-text.js';

const TRANSPORT_PARAMS = ['mailbox_transport', 'virtual_transport', 'local_transport', 'fallback_transport'];

// A sentence saying why cyrus is in use, or undefined: postfix delivers over LMTP, or the mailbox list exists.
export async function cyrusInUse(
  reader: Pick<Transport, 'readFile'>,
  imapdConfText: string | null,
  mainParams: ReadonlyMap<string, string>,
): Promise<string | undefined> {
  for (const p of TRANSPORT_PARAMS) {
    const v = mainParams.get(p);
    if (v && /^lmtp:/.test(v.trim())) return `postfix ${p} = ${v}`;
  }
  if (imapdConfText === null) return undefined;
  const dir = parseImapdConf(imapdConfText).options.get('configdirectory');
  if (!dir) return undefined;
  const mailboxes = `${dir.replace(/\/+$/, '')}/mailboxes.db`;
  return (await pathExists(reader, mailboxes)) ? `${mailboxes} exists` : undefined;
}
