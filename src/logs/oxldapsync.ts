// /var/log/oxldapsync.log for the log stream: the line format and its parse are src/ox/ldapsync-log.ts's (one
// parser for the check and for the stream); here its text becomes a ParsedMessage with a kind for trace and
// the dashboard: a run's start and finish (with the counts), the size limit of a non-paging search, LDAP and
// OX server errors.
import { parseSyncLogLine } from '../ox/ldapsync-log.js';
import type { LogLevel, ParsedMessage } from './types.js';

const LEVEL: Readonly<Record<string, LogLevel>> = {
  DEBUG: 'debug',
  INFO: 'info',
  NOTICE: 'notice',
  WARN: 'warn',
  WARNING: 'warn',
  ERROR: 'error',
  FATAL: 'error',
};
const MESSAGE = /^([^:\s]+): ([A-Z]+): (.*)$/; // the part after "oxldapsync[PID]: "
const START = /^start sync of context (\d+) with (\S+) \(ldaptype=([^)]*)\)$/;
const FINISHED = /^finished: (\d+) entries from LDAP(?:, (\d+) created)?(?:, (\d+) updated)?(?:, (\d+) deleted)?/;
const COUNTS = ['entries', 'created', 'updated', 'deleted'] as const;
const SIZE_LIMIT = /^LDAP search returned: Size limit exceeded \((\d+)\) after (\d+) entries/;
const LDAP_FAILED = /^LDAP search(?: \(userignorefilter\))? (?:failed \(rc=|returned rc=)(\d+)\)?:? ?(.*)$/;
const SERVER = /^Server response: (.*)$/;

export interface OxLdapSyncLine {
  readonly time: number;
  readonly pid: number;
  readonly message: ParsedMessage;
}

// The whole line ("YYYY-MM-DD HH:MM:SS oxldapsync[PID]: CONF: LEVEL: text", host local time).
export function parseOxLdapSyncLine(line: string, offsetMinutes = 0): OxLdapSyncLine | undefined {
  const l = parseSyncLogLine(line, offsetMinutes);
  if (!l) return undefined;
  return { time: l.at, pid: Number(l.pid), message: classify(l.conf, l.level, l.text) };
}

// The message part, for a line whose frame was already taken off ("CONF: LEVEL: text").
export function parseOxLdapSyncMessage(message: string): ParsedMessage | undefined {
  const m = MESSAGE.exec(message);
  return m ? classify(m[1]!, m[2]!, m[3]!) : undefined;
}

function classify(conf: string, levelName: string, text: string): ParsedMessage {
  const level = LEVEL[levelName] ?? 'info';
  const fields: Record<string, string> = { conf, text };
  const start = START.exec(text);
  if (start) return { level, kind: 'start', fields: { ...fields, context: start[1]!, ldaptype: start[3]! } };
  const done = FINISHED.exec(text);
  if (done) {
    COUNTS.forEach((name, i) => {
      if (done[i + 1] !== undefined) fields[name] = done[i + 1]!;
    });
    return { level, kind: 'finished', fields };
  }
  const limit = SIZE_LIMIT.exec(text);
  if (limit) return { level, kind: 'size-limit', fields: { ...fields, entries: limit[2]! } };
  const ldap = LDAP_FAILED.exec(text);
  if (ldap) return { level, kind: 'ldap-error', fields: { ...fields, rc: ldap[1]! } };
  const server = SERVER.exec(text);
  if (server) return { level, kind: 'server-error', fields: { ...fields, reason: server[1]! } };
  return { level, kind: level === 'error' ? 'error' : 'note', fields };
}
