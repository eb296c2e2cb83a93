// Output of `postmap -q - TABLE` (keys on stdin, one table, many keys): one "key<TAB>value" line per key found.

// Found keys (lower-cased) -> value.
export function parsePostmapStdin(stdout: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    // postmap separates key and value with a tab; a key itself may hold spaces.
    const text = line.replace(/\r$/, '');
    const m = text.includes('\t') ? /^([^\t]+)\t(.*)$/.exec(text) : /^(\S+)\s(.*)$/.exec(text);
    if (m?.[1] !== undefined && !found.has(m[1].toLowerCase())) found.set(m[1].toLowerCase(), (m[2] ?? '').trim());
  }
  return found;
}

// postmap exits 1 both for "nothing found" and for a broken table; only a fatal/error line on stderr tells.
export function postmapStdinError(stderr: string): string | null {
  const line = stderr.split('\n').find((l) => /(^|: )(fatal|error|panic):/.test(l));
  return line === undefined ? null : line.replace(/^postmap: /, '').trim();
}

// "test1001@serverb.example.com" -> "serverb.example.com"; "" when there is no domain.
export function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return at === -1 ? '' : address.slice(at + 1).toLowerCase();
}
