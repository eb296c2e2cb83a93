// RFC 4515 escaping of a value placed inside an LDAP filter: `*)(uid=*` stays a literal name.
export function escapeFilterValue(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += byte < 0x20 || byte > 0x7e || '*()\\'.includes(c) ? `\\${byte.toString(16).padStart(2, '0')}` : c;
  }
  return out;
}
