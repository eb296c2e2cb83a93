// The qshape(1) view: recipient domain x age, counted as postfix's qshape counts. Each pending recipient
// counts once (so a message to three domains counts three times), domains are lower-cased, the null sender
// or a domain-less address counts as itself ("MAILER-DAEMON", "root"), and ages fall into geometric buckets
// of 5 minutes: [0,5) [5,10) [10,20) ... [640,1280) and 1280+.

export const BUCKET_COUNT = 10;
export const BUCKET_MINUTES = 5;
export const BUCKET_LABELS = ['5', '10', '20', '40', '80', '160', '320', '640', '1280', '1280+'] as const;
export const OTHER_DOMAINS = '(other domains)';

// 1..10 as qshape numbers them (0 is the row total there).
export function qshapeBucket(ageSeconds: number): number {
  const m = ageSeconds / (60 * BUCKET_MINUTES);
  if (m < 1) return 1;
  const b = 2 + Math.floor(Math.log(m) / Math.log(2));
  return b < BUCKET_COUNT ? b : BUCKET_COUNT;
}

// qshape's domain of an address: what follows the last "@", lower-cased, ".." folded, one leading and one
// trailing dot dropped. Called once per recipient, so plain string operations (no regexps) on the usual path.
export function qshapeDomain(address: string): string {
  if (address === '') return 'MAILER-DAEMON';
  const at = address.lastIndexOf('@');
  let d = (at === -1 ? address : address.slice(at + 1)).toLowerCase();
  if (d.includes('..')) d = d.replace(/\.\./g, '.');
  if (d.length > 1 && d.charCodeAt(0) === 46) d = d.slice(1);
  if (d.length > 1 && d.charCodeAt(d.length - 1) === 46) d = d.slice(0, -1);
  return d;
}

// Counts per domain: index 0 the total, 1..10 the buckets. Distinct domains are capped; the rest
// are counted under OTHER_DOMAINS, so memory stays bounded for any queue.
export class QshapeGrid {
  readonly rows = new Map<string, Uint32Array>();
  readonly total = new Uint32Array(BUCKET_COUNT + 1);

  constructor(private readonly maxDomains = 10_000) {}

  add(domain: string, bucket: number): void {
    const row = this.rowFor(domain);
    row[0]!++;
    row[bucket]!++;
    this.total[0]!++;
    this.total[bucket]!++;
  }

  merge(other: QshapeGrid): void {
    for (const [domain, counts] of other.rows) {
      const row = this.rowFor(domain);
      for (let i = 0; i <= BUCKET_COUNT; i++) {
        row[i]! += counts[i]!;
        this.total[i]! += counts[i]!;
      }
    }
  }

  private rowFor(domain: string): Uint32Array {
    const row = this.rows.get(domain);
    if (row) return row;
    const key = this.rows.size >= this.maxDomains ? OTHER_DOMAINS : domain;
    const created = this.rows.get(key) ?? new Uint32Array(BUCKET_COUNT + 1);
    this.rows.set(key, created);
    return created;
  }

  // Domains by total, largest first.
  top(n: number): [string, Uint32Array][] {
    return [...this.rows].sort((a, b) => b[1][0]! - a[1][0]! || (a[0] < b[0] ? -1 : 1)).slice(0, n);
  }
}

// The table as qshape prints it: a header of bucket limits, TOTAL, then the top domains.
export function renderQshape(grid: QshapeGrid, topDomains = 20): string {
  const rows: [string, ArrayLike<number>][] = [['TOTAL', grid.total], ...grid.top(topDomains)];
  const width = Math.max(18, ...rows.map(([d]) => d.length));
  const cols = ['T', ...BUCKET_LABELS];
  const colWidth = cols.map((label, i) => Math.max(label.length, ...rows.map(([, r]) => String(r[i] ?? 0).length)));
  const line = (name: string, cells: readonly string[]): string =>
    `${name.padStart(width)} ${cells.map((c, i) => c.padStart(colWidth[i]!)).join(' ')}`;
  return [
    line('', cols),
    ...rows.map(([d, r]) =>
      line(
        d,
        cols.map((_, i) => String(r[i] ?? 0)),
      ),
    ),
  ].join('\n');
}
