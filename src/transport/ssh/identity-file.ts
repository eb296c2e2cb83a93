// An identity file as OpenSSH reads one: its private key when usable without a passphrase, and its public
// key (from the key, from an encrypted OpenSSH key's clear header, or from FILE.pub) so ssh-agent can sign.
import ssh2 from 'ssh2';
import { MAX_IDENTITY_FILE_BYTES } from '../../config/limits.js';
import { readLimitedFile, whyUnreadable } from '../../config/read-limited.js';

export interface Identity {
  readonly file: string;
  readonly present: boolean; // the file or FILE.pub exists
  readonly privateKey?: Buffer; // as read, for ssh2; only when it parses without a passphrase
  readonly publicKey?: Buffer; // SSH wire format
  readonly comment: string;
  readonly problem?: string; // why the file alone cannot sign
}

export async function loadIdentity(file: string): Promise<Identity> {
  const data = await readOptional(file);
  if (data === null || typeof data === 'string') {
    const pub = await publicFromFile(`${file}.pub`);
    return { file, present: pub !== null, comment: '', ...pub, problem: data ?? 'not found' };
  }
  const parsed = ssh2.utils.parseKey(data);
  if (!(parsed instanceof Error)) {
    const key = { publicKey: parsed.getPublicSSH(), comment: parsed.comment };
    if (parsed.isPrivateKey()) return { file, present: true, privateKey: data, ...key };
    // IdentityFile may name a public key: then only the agent can sign for it.
    return { file, present: true, ...key, problem: 'a public key whose private key ssh-agent does not hold' };
  }
  const problem = /encrypted|passphrase/i.test(parsed.message)
    ? 'encrypted and no passphrase available (load it into ssh-agent)'
    : `not a usable private key (${parsed.message})`;
  const header = opensshPublicKey(data);
  const pub = header ? { publicKey: header, comment: '' } : await publicFromFile(`${file}.pub`);
  return { file, present: true, comment: '', ...pub, problem };
}

// The file's bytes, null when absent, or the reason it cannot be read. Only a regular file of key size is
// read: a FIFO would hold the connect until a writer comes, /dev/zero would fill memory.
async function readOptional(file: string): Promise<Buffer | string | null> {
  try {
    return (await readLimitedFile(file, MAX_IDENTITY_FILE_BYTES)).data;
  } catch (err) {
    const code = (err as { code?: string }).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? null : whyUnreadable(err);
  }
}

async function publicFromFile(file: string): Promise<{ publicKey: Buffer; comment: string } | null> {
  const data = await readOptional(file);
  if (data === null || typeof data === 'string') return null;
  const parsed = ssh2.utils.parseKey(data);
  return parsed instanceof Error ? null : { publicKey: parsed.getPublicSSH(), comment: parsed.comment };
}

// openssh-key-v1 (PROTOCOL.key) keeps the public key outside the encrypted part:
// "openssh-key-v1\0", string cipher, string kdf, string kdf options, uint32 count, string public key.
function opensshPublicKey(data: Buffer): Buffer | undefined {
  const armor = /-----BEGIN OPENSSH PRIVATE KEY-----([\s\S]*?)-----END OPENSSH PRIVATE KEY-----/;
  const m = armor.exec(data.toString('latin1'));
  if (!m) return undefined;
  const raw = Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64');
  const magic = Buffer.from('openssh-key-v1\0', 'latin1');
  if (!raw.subarray(0, magic.length).equals(magic)) return undefined;
  let pos = magic.length;
  const string = (): Buffer | undefined => {
    if (pos + 4 > raw.length) return undefined;
    const len = raw.readUInt32BE(pos);
    if (pos + 4 + len > raw.length) return undefined;
    pos += 4 + len;
    return raw.subarray(pos - len, pos);
  };
  for (let i = 0; i < 3; i++) if (string() === undefined) return undefined;
  if (pos + 4 > raw.length || raw.readUInt32BE(pos) < 1) return undefined;
  pos += 4;
  return string();
}
