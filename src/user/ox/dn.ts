// Whether an AD entry lies under a sync conf's userbasedn: DNs compared RDN by RDN, case and the spaces around
// "," and "=" ignored, escaped characters ("\,") kept inside their RDN.

// The RDNs of a DN, normalised; empty for an empty DN (the root).
export function rdnsOf(dn: string): string[] {
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < dn.length; i++) {
    const c = dn[i]!;
    if (c === '\\' && i + 1 < dn.length) {
      current += c + dn[++i]!;
    } else if (c === ',' || c === ';') {
      out.push(normalRdn(current));
      current = '';
    } else current += c;
  }
  if (current.trim() !== '' || out.length > 0) out.push(normalRdn(current));
  return out.filter((r) => r !== '');
}

function normalRdn(rdn: string): string {
  const eq = rdn.indexOf('=');
  if (eq === -1) return rdn.trim().toLowerCase();
  return `${rdn.slice(0, eq).trim().toLowerCase()}=${rdn
    .slice(eq + 1)
    .trim()
    .toLowerCase()}`;
}

// True when dn is base or below it.
export function dnWithin(dn: string, base: string): boolean {
  const entry = rdnsOf(dn);
  const under = rdnsOf(base);
  if (under.length > entry.length) return false;
  const tail = entry.slice(entry.length - under.length);
  return tail.every((r, i) => r === under[i]);
}

export function sameDn(a: string, b: string): boolean {
  const x = rdnsOf(a);
  const y = rdnsOf(b);
  return x.length === y.length && x.every((r, i) => r === y[i]);
}
