// RFC 4314 ACL data: "* ACL <mailbox> (<identifier> <rights>)*", "* MYRIGHTS <mailbox> <rights>",
// and cyradm's listaclmailbox output. Mailbox names may be atoms, quoted strings or literals.
import { imapTokens } from '../protocols/imap-tokens.js';

export type Acl = ReadonlyMap<string, string>; // identifier -> rights letters

export interface AclResponse {
  readonly mailbox: string;
  readonly acl: Acl;
}

// Parses one untagged ACL response (with or without the leading "* "); null when it is not one.
export function parseAclResponse(line: string): AclResponse | null {
  const tokens = imapTokens(line.replace(/^\*\s+/, ''));
  if (tokens[0]?.toUpperCase() !== 'ACL' || tokens[1] === undefined) return null;
  const acl = new Map<string, string>();
  for (let i = 2; i + 1 < tokens.length; i += 2) acl.set(tokens[i]!, tokens[i + 1]!);
  return { mailbox: tokens[1], acl };
}

export function parseMyRights(line: string): { mailbox: string; rights: string } | null {
  const tokens = imapTokens(line.replace(/^\*\s+/, ''));
  if (tokens[0]?.toUpperCase() !== 'MYRIGHTS' || tokens[1] === undefined) return null;
  return { mailbox: tokens[1], rights: tokens[2] ?? '' };
}

// cyradm "listaclmailbox" output: "name:" lines, each followed by indented "identifier rights" lines.
export function parseListAclMailbox(text: string): Map<string, Acl> {
  const out = new Map<string, Map<string, string>>();
  let current: Map<string, string> | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const entry = /^\s+(\S+)\s+(\S+)\s*$/.exec(raw);
    if (entry && current) {
      current.set(entry[1]!, entry[2]!);
      continue;
    }
    const head = /^\s{0,4}(\S.*):\s*$/.exec(raw);
    if (head) {
      current = new Map();
      out.set(head[1]!, current);
    } else current = null;
  }
  return out;
}

// Whether `identifier` holds every right in `rights` (e.g. anyone has "p").
export function grants(acl: Acl, identifier: string, rights: string): boolean {
  const held = acl.get(identifier);
  if (held === undefined) return false;
  return [...rights].every((r) => held.includes(r));
}

// "anyone p, test1001 lrswipkxtecdan" for summaries and evidence.
export function formatAcl(acl: Acl): string {
  return acl.size === 0 ? '(empty)' : [...acl].map(([id, r]) => `${id} ${r}`).join(', ');
}
