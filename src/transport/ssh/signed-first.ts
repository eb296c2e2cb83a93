// Key login in one round trip instead of two. ssh2, like OpenSSH, first asks whether the server would accept a
// key (USERAUTH_REQUEST without a signature, answered by PK_OK) and only then sends the signed request. RFC 4252
// section 7 lets a client send the signed request at once; for a key file of our own the query buys nothing, and
// across a WAN it is a round trip on the path of every check of the host (test/bench/latency.ts).
// Keys in ssh-agent keep the query: signing there may ask the user, so only an accepted key is signed.
// ssh2 has no option for it: its protocol object's authPK gets the signing callback the PK_OK path would give it
// (pinned version, as ack-nudge.ts).
import type { Client, ParsedKey } from 'ssh2';

type Sign = (data: Buffer, done: (signature: Buffer) => void) => void;
type AuthPK = (username: string, key: unknown, keyAlgo?: string, sign?: Sign) => void;

// ssh2 signs RSA keys with the hash its algorithm names; other key types pick their own.
const HASH_OF_ALGO: Readonly<Record<string, string>> = { 'rsa-sha2-256': 'sha256', 'rsa-sha2-512': 'sha512' };

function isPrivateKey(key: unknown): key is ParsedKey {
  const k = key as Partial<ParsedKey> | null;
  return typeof k?.isPrivateKey === 'function' && k.isPrivateKey() && typeof k.sign === 'function';
}

// Call right after client.connect(): ssh2 creates its protocol object there.
export function signKeyLoginsAtOnce(client: Client): boolean {
  const proto = (client as unknown as { _protocol?: { authPK?: AuthPK } })._protocol;
  const authPK = proto?.authPK;
  if (!proto || typeof authPK !== 'function') return false;
  proto.authPK = (username, key, keyAlgo, sign) => {
    if (sign || !isPrivateKey(key)) return authPK.call(proto, username, key, keyAlgo, sign);
    const hash = keyAlgo ? HASH_OF_ALGO[keyAlgo] : undefined;
    // A key that cannot sign here (an algorithm this Node lacks) keeps ssh2's own way, which reports it.
    if (key.sign(Buffer.alloc(1), hash) instanceof Error) return authPK.call(proto, username, key, keyAlgo);
    return authPK.call(proto, username, key, keyAlgo, (data, done) => done(key.sign(data, hash) as Buffer));
  };
  return true;
}
