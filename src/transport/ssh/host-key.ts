// Facts about an SSH public key blob (RFC 4253 wire format): its type and its SHA256 fingerprint.
import { createHash } from 'node:crypto';

export function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  const len = blob.readUInt32BE(0);
  if (len > blob.length - 4 || len > 64) return 'unknown';
  return blob.subarray(4, 4 + len).toString('latin1');
}

// The form `ssh-keygen -lf` and OpenSSH's prompts print: SHA256:<base64 without padding>.
export function fingerprintOf(blob: Buffer): string {
  return 'SHA256:' + createHash('sha256').update(blob).digest('base64').replace(/=+$/, '');
}
