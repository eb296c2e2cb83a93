// `ctl_mboxlist -d`: the mailbox list dump. Cyrus up to 3.4 prints one tab-separated line per mailbox
// ("name<TAB>mbtype partition id<TAB>rights<TAB>..."); 3.6 prints a JSON object keyed by mailbox name.
import type { Acl } from './acl.js';

export interface MboxEntry {
  readonly name: string; // internal name: "user.test1001.Sent Items", "example.org!user.john.Sent"
  readonly partition: string;
  readonly acl: Acl;
}

export type MboxlistFormat = 'json' | 'legacy';

export function parseMboxlist(text: string): { format: MboxlistFormat; entries: MboxEntry[] } {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) return { format: 'json', entries: parseJson(trimmed) };
  return { format: 'legacy', entries: trimmed.split(/\r?\n/).flatMap((l) => parseLegacyLine(l) ?? []) };
}

function parseJson(text: string): MboxEntry[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    // Some builds print one object per line without valid JSON around them; take the lines one by one.
    return text.split(/\r?\n/).flatMap((line) => {
      const m = /^\s*("(?:[^"\\]|\\.)*")\s*:\s*(\{.*\})\s*,?\s*$/.exec(line);
      if (!m) return [];
      try {
        return [entryFromJson(JSON.parse(m[1]!) as string, JSON.parse(m[2]!))];
      } catch {
        return [];
      }
    });
  }
  if (typeof data !== 'object' || data === null) return [];
  return Object.entries(data as Record<string, unknown>).map(([name, v]) => entryFromJson(name, v));
}

function entryFromJson(key: string, value: unknown): MboxEntry {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const acl = new Map<string, string>();
  if (typeof v.acl === 'object' && v.acl !== null) {
    for (const [id, rights] of Object.entries(v.acl as Record<string, unknown>)) acl.set(id, String(rights));
  }
  return {
    name: typeof v.name === 'string' ? v.name : key,
    partition: typeof v.partition === 'string' ? v.partition : '',
    acl,
  };
}

// "name<TAB>0 default id<TAB>rights<TAB>"; documentation often shows the tabs as runs of spaces.
export function parseLegacyLine(line: string): MboxEntry | null {
  if (line.trim() === '') return null;
  let name: string;
  let rest: string;
  const tab = line.indexOf('\t');
  if (tab !== -1) {
    name = line.slice(0, tab).trim();
    rest = line.slice(tab + 1);
  } else {
    const m = /^\s*(.+?)\s+(\d+\s+\S+(?:\s+.*)?)$/.exec(line);
    if (!m) return null;
    name = m[1]!;
    rest = m[2]!;
  }
  const fields = rest.trim().split(/\s+/);
  const [, partition = '', ...aclFields] = fields;
  const acl = new Map<string, string>();
  for (let i = 0; i + 1 < aclFields.length; i += 2) acl.set(aclFields[i]!, aclFields[i + 1]!);
  return { name, partition, acl };
}

// "user.test1001.Sent Items" -> test1001; "example.org!user.john.Sent Items" -> john@example.org.
// Internal names separate levels with "."; a "." inside a user name is stored as "^".
export function sentItemsOwner(name: string, folder = 'Sent Items'): string | null {
  const bang = name.indexOf('!');
  const domain = bang === -1 ? '' : name.slice(0, bang);
  const local = bang === -1 ? name : name.slice(bang + 1);
  const m = /^user\.([^.]+)\.(.+)$/.exec(local);
  if (!m || m[2] !== folder) return null;
  const user = m[1]!.replace(/\^/g, '.');
  return domain ? `${user}@${domain}` : user;
}

// Every user's Sent Items and whether it grants `identifier` the `right`.
export function sentItemsAcls(entries: readonly MboxEntry[], folder = 'Sent Items'): { user: string; acl: Acl }[] {
  return entries.flatMap((e) => {
    const user = sentItemsOwner(e.name, folder);
    return user === null ? [] : [{ user, acl: e.acl }];
  });
}
