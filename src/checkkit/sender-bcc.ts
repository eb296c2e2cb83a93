// Where a groupware host applies sender_bcc_maps: per smtpd listener, the maps of the cleanup service it uses.
import type { PostconfFacts } from '../facts/postconf.js';
import { tableRefs } from '../postfix/main-cf.js';
import { findService, inetListeners, type MasterService } from '../postfix/master-cf.js';

export interface SenderBcc {
  readonly tables: readonly string[]; // as written, in order
  readonly users: readonly string[]; // "127.0.0.1:11025 via archivecleanup (master.cf line 5)"
}

// sender_bcc_maps is a cleanup(8) parameter: a listener's value is its cleanup service's -o, else main.cf.
export function senderBccMaps(services: readonly MasterService[], pc: PostconfFacts): SenderBcc[] {
  const byTables = new Map<string, { tables: string[]; users: string[] }>();
  for (const l of inetListeners(services)) {
    if (l.service.command !== 'smtpd') continue;
    const cleanupName = l.overrides.get('cleanup_service_name') ?? pc.get('cleanup_service_name') ?? 'cleanup';
    const cleanup = findService(services, cleanupName, 'unix');
    const value = cleanup?.overrides.get('sender_bcc_maps') ?? pc.get('sender_bcc_maps') ?? '';
    const tables = tableRefs(pc.expand(value)).map((t) => t.text);
    if (tables.length === 0) continue;
    const key = tables.join(' ');
    const entry = byTables.get(key) ?? { tables, users: [] };
    entry.users.push(`${l.service.name} via ${cleanupName}${cleanup ? ` (master.cf line ${cleanup.line})` : ''}`);
    byTables.set(key, entry);
  }
  return [...byTables.values()];
}
