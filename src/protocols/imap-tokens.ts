// IMAP response tokens (RFC 3501 section 9): atoms, quoted strings, literals "{n}\r\n<n bytes>" and NIL.
// Enough for ACL/MYRIGHTS/LIST data; parenthesised lists come back as single "(...)" atoms.

export function imapTokens(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\r' || c === '\n') {
      i++;
      continue;
    }
    if (c === '"') {
      let value = '';
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < text.length) i++;
        value += text[i];
        i++;
      }
      out.push(value);
      i++;
      continue;
    }
    const literal = /^\{(\d+)\+?\}\r?\n/.exec(text.slice(i));
    if (literal) {
      const start = i + literal[0].length;
      const size = Number(literal[1]);
      out.push(text.slice(start, start + size));
      i = start + size;
      continue;
    }
    if (c === '(') {
      const end = text.indexOf(')', i);
      const stop = end === -1 ? text.length : end + 1;
      out.push(text.slice(i, stop));
      i = stop;
      continue;
    }
    let end = i;
    while (end < text.length && !/[ \r\n]/.test(text[end] ?? ' ')) end++;
    out.push(text.slice(i, end));
    i = end;
  }
  return out;
}

// A mailbox name or argument as an IMAP string we can send on one line; CR, LF and NUL are refused.
export function imapQuoted(value: string): string {
  if (/[\r\n\0]/.test(value)) throw new TypeError('IMAP argument contains CR, LF or NUL');
  return `"${value.replace(/(["\\])/g, '\\$1')}"`;
}
