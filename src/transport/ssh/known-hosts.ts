// known_hosts files: parsing, lookup (plain, hashed, [host]:port) and the verdict on a presented key.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { MAX_KNOWN_HOSTS_BYTES } from '../../config/limits.js';
import { readLimitedFile, whyUnreadable } from '../../config/read-limited.js';
import { EnvironmentError } from '../../core/errors.js';
import { keyTypeOf } from './host-key.js';
import { matchPatternList } from './host-pattern.js';

export type KnownHostMarker = 'revoked' | 'cert-authority' | null;

export interface KnownHostEntry {
  readonly file: string;
  readonly line: number;
  readonly marker: KnownHostMarker;
  readonly hosts: string; // the raw host field: a pattern list or one |1|salt|hash
  readonly keyType: string;
  readonly key: Buffer;
}

export type HostKeyVerdict =
  | { readonly status: 'known'; readonly entry: KnownHostEntry }
  | { readonly status: 'revoked'; readonly entry: KnownHostEntry }
  | { readonly status: 'changed'; readonly expected: readonly KnownHostEntry[] }
  // otherTypes: key types this host is known with, none of which the server presented.
  | { readonly status: 'unknown'; readonly otherTypes: readonly string[]; readonly certAuthority: boolean };

// The name a host is recorded under: "host" on port 22, "[host]:port" elsewhere.
export function knownHostName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

export function parseKnownHosts(text: string, file: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const fields = lines[i]!.trim().split(/\s+/);
    if (fields[0] === undefined || fields[0] === '' || fields[0].startsWith('#')) continue;
    let marker: KnownHostMarker = null;
    if (fields[0].startsWith('@')) {
      const m = fields.shift()!;
      if (m === '@revoked') marker = 'revoked';
      else if (m === '@cert-authority') marker = 'cert-authority';
      else continue; // an unknown marker: OpenSSH ignores the line too
    }
    const [hosts, keyType, keyText] = fields;
    if (hosts === undefined || keyType === undefined || keyText === undefined) continue;
    const key = Buffer.from(keyText, 'base64');
    if (key.length === 0 || keyTypeOf(key) === 'unknown') continue;
    entries.push({ file, line: i + 1, marker, hosts, keyType, key });
  }
  return entries;
}

// Reads every file that exists; a missing file simply contributes nothing. Any other file that cannot be
// read is refused in one line: a FIFO would hold the connect forever, /dev/zero would fill memory.
export async function loadKnownHosts(files: readonly string[]): Promise<KnownHostEntry[]> {
  const all: KnownHostEntry[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = (await readLimitedFile(file, MAX_KNOWN_HOSTS_BYTES)).data.toString('utf8');
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') continue;
      throw new EnvironmentError(`known_hosts file ${file} ${whyUnreadable(err)}`, undefined, { cause: err });
    }
    all.push(...parseKnownHosts(text, file));
  }
  return all;
}

export function entryMatches(entry: KnownHostEntry, name: string): boolean {
  if (entry.hosts.startsWith('|1|')) return hashedMatches(entry.hosts, name);
  return matchPatternList(name, entry.hosts.split(','));
}

// HashKnownHosts: |1|base64(salt)|base64(HMAC-SHA1(salt, name)).
function hashedMatches(field: string, name: string): boolean {
  const [, , saltText, hashText] = field.split('|');
  if (saltText === undefined || hashText === undefined) return false;
  const expected = Buffer.from(hashText, 'base64');
  const actual = createHmac('sha1', Buffer.from(saltText, 'base64')).update(name).digest();
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

// The verdict on the key a server presented, looked up under `name`.
export function verifyHostKey(entries: readonly KnownHostEntry[], name: string, key: Buffer): HostKeyVerdict {
  const forHost = entries.filter((e) => entryMatches(e, name));
  const revoked = forHost.find((e) => e.marker === 'revoked' && e.key.equals(key));
  if (revoked) return { status: 'revoked', entry: revoked };
  const plain = forHost.filter((e) => e.marker === null);
  const exact = plain.find((e) => e.key.equals(key));
  if (exact) return { status: 'known', entry: exact };
  const type = keyTypeOf(key);
  const sameType = plain.filter((e) => keyTypeOf(e.key) === type);
  if (sameType.length > 0) return { status: 'changed', expected: sameType };
  return {
    status: 'unknown',
    otherTypes: [...new Set(plain.map((e) => keyTypeOf(e.key)))],
    certAuthority: forHost.some((e) => e.marker === 'cert-authority'),
  };
}

// The key types recorded for a host, so the client can ask the server for one of those first.
export function knownKeyTypes(entries: readonly KnownHostEntry[], name: string): string[] {
  return [...new Set(entries.filter((e) => e.marker === null && entryMatches(e, name)).map((e) => keyTypeOf(e.key)))];
}
