// The principal kinit is asked for on the user's behalf: the login as ONE name in the realm. AD's sAMAccountName
// cannot hold '@', '/' or '\', so they are escaped: a hostile login reaches the KDC verbatim as one (unknown) name,
// never as another realm or a service instance.
import type { Principal } from '../../kerberos/principal.js';

export function userPrincipal(login: string, realm: string | undefined): Principal {
  const name = login.replace(/[\\@/]/g, (c) => `\\${c}`);
  return realm ? { text: `${name}@${realm}`, realm } : { text: name };
}

// CR, LF and NUL end a line where kinit, saslauthd or a protocol reads one: such a login is refused, not passed on.
export function unsafeLogin(login: string): boolean {
  return /[\r\n\0]/.test(login);
}
