// Whether an address in a queue or a log is one of the user's: one of its AD addresses, or any address whose local
// part (less a +extension) is its login, as the hosts rewrite it (test1001@oxmail.example.com on server A, the
// archive copy's test1001@serverb.example.com, the Sent Items copy's test1001+sent_items@...).
import type { UserTarget } from '../target.js';

export type AddressOwner = (address: string) => boolean;

export function addressOwner(target: Pick<UserTarget, 'login' | 'addresses'>): AddressOwner {
  const own = new Set(target.addresses.map((a) => a.toLowerCase()));
  const login = target.login.toLowerCase();
  return (address) => {
    const a = address.trim().toLowerCase();
    if (own.has(a)) return true;
    const at = a.lastIndexOf('@');
    if (at <= 0) return false;
    const local = a.slice(0, at);
    const plus = local.indexOf('+');
    return (plus > 0 ? local.slice(0, plus) : local) === login;
  };
}
