// The addresses `user/routing` follows for one user: every smtp address AD gives it, then the mail address of each
// forwarding contact (the seed's adlocalrecipients contract: mail for the OX side of an Exchange user goes there).
import type { UserTarget } from '../target.js';

export interface RoutedAddress {
  readonly address: string; // lower case
  readonly origin: 'user' | 'contact';
}

// SMTP's limit for a path (RFC 5321 4.5.3.1.3: 256 with the brackets).
const MAX_ADDRESS = 254;

export function routedAddresses(target: Pick<UserTarget, 'addresses' | 'forwardingContacts'>): RoutedAddress[] {
  const out: RoutedAddress[] = target.addresses.map((address) => ({ address: address.toLowerCase(), origin: 'user' }));
  for (const contact of target.forwardingContacts) {
    const mail = contact.mail?.toLowerCase();
    if (mail && !out.some((a) => a.address === mail)) out.push({ address: mail, origin: 'contact' });
  }
  return out;
}

// Why an address is not looked up (it cannot reach postfix over SMTP), or null when it can be.
export function unroutable(address: string): string | null {
  if (/[\x00-\x1f\x7f]/.test(address)) return 'it contains control characters (CR, LF, NUL ...)';
  if (address.length > MAX_ADDRESS) return `it is ${address.length} characters long, more than SMTP carries (254)`;
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return 'it is not a mail address (local@domain)';
  return null;
}

// A short, printable form of an address for sentences (hostile input is cut and quoted).
export function shown(address: string): string {
  const clean = /^[\x21-\x7e]+$/.test(address) && address.length <= 80;
  return clean ? address : JSON.stringify(address.length > 60 ? `${address.slice(0, 60)}…` : address);
}
