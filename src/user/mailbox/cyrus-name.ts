// The name under which a cyrus admin sees a user's INBOX ("user/test1001"), and logins refused before any session.

// Cyrus keeps '.' of a login as '^' when '.' is the hierarchy separator (no unixhierarchysep); it lower-cases
// logins unless imapd.conf turns username_tolower off; names outside ASCII are in modified UTF-7 (RFC 3501 5.1.3).
export function userInboxName(login: string, sep: string, toLower: boolean): string {
  const name = toLower ? login.toLowerCase() : login;
  return `user${sep}${encodeMailboxName(sep === '.' ? name.replace(/\./g, '^') : name)}`;
}

// Modified UTF-7: printable ASCII as is ("&" as "&-"), any other run as "&" base64 of UTF-16BE (',' for '/') "-".
export function encodeMailboxName(name: string): string {
  let out = '';
  let run = '';
  const flush = () => {
    if (run === '') return;
    const utf16 = Buffer.from(run, 'utf16le').swap16();
    out += `&${utf16.toString('base64').replace(/=+$/, '').replace(/\//g, ',')}-`;
    run = '';
  };
  for (const ch of name) {
    const code = ch.codePointAt(0)!;
    if (code >= 0x20 && code <= 0x7e) {
      flush();
      out += ch === '&' ? '&-' : ch;
    } else run += ch;
  }
  flush();
  return out;
}

// Longer than any cyrus mailbox name (MAX_MAILBOX_NAME 490 bytes with "user/" and folders) or AD login (20).
const MAX_LOGIN = 255;

// Why a login cannot be looked up at all (it would end a protocol line, or no mailbox can have it), or undefined.
export function unsendableLogin(login: string): string | undefined {
  if (/[\r\n\0]/.test(login)) return `the login ${JSON.stringify(login)} contains CR, LF or NUL: not sent to cyrus`;
  if (login.trim() === '') return 'the login is empty: not sent to cyrus';
  if (login.length > MAX_LOGIN)
    return `the login has ${login.length} characters, more than a cyrus mailbox name can hold: not sent to cyrus`;
  return undefined;
}
