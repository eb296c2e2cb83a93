// ustar headers, with a pax extended header before an entry whose name or size ustar cannot hold.
export const BLOCK = 512;
const MAX_OCTAL_SIZE = 0o77777777777; // 11 octal digits: 8 GiB - 1

export interface TarHeaderFields {
  readonly name: string;
  readonly size: number;
  readonly mode: number;
  readonly mtimeMs: number;
  readonly type: 'file' | 'directory';
}

// The header blocks of one entry: [pax header + its data] + ustar header.
export function headerBlocks(fields: TarHeaderFields): Buffer {
  const name = fields.type === 'directory' && !fields.name.endsWith('/') ? `${fields.name}/` : fields.name;
  const pax: [string, string][] = [];
  const nameBytes = Buffer.from(name, 'utf8');
  const asciiShort = nameBytes.length <= 100 && /^[\x20-\x7e]*$/.test(name);
  if (!asciiShort) pax.push(['path', name]);
  if (fields.size > MAX_OCTAL_SIZE) pax.push(['size', String(fields.size)]);
  const ustar = ustarHeader({
    ...fields,
    name: asciiShort ? name : fallbackName(name),
    size: fields.size > MAX_OCTAL_SIZE ? 0 : fields.size,
  });
  if (pax.length === 0) return ustar;
  const body = paxBody(pax);
  const paxHeader = ustarHeader({
    name: fallbackName(`PaxHeaders/${name.split('/').pop() ?? 'entry'}`),
    size: body.length,
    mode: 0o600,
    mtimeMs: fields.mtimeMs,
    type: 'file',
    typeflag: 'x',
  });
  return Buffer.concat([paxHeader, body, Buffer.alloc(padding(body.length)), ustar]);
}

// Zero bytes that fill an entry's data up to the next block.
export function padding(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}

// "%d key=value\n", the length counting itself.
function paxBody(records: readonly [string, string][]): Buffer {
  const lines = records.map(([k, v]) => {
    const rest = ` ${k}=${v}\n`;
    const restLen = Buffer.byteLength(rest);
    let len = restLen + 1;
    while (String(len).length + restLen > len) len++;
    return `${len}${rest}`;
  });
  return Buffer.from(lines.join(''), 'utf8');
}

// A printable ASCII stand-in of at most 100 bytes (readers that know pax use the pax path).
function fallbackName(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_');
  return ascii.length <= 100 ? ascii : ascii.slice(ascii.length - 100);
}

function ustarHeader(f: TarHeaderFields & { typeflag?: string }): Buffer {
  const h = Buffer.alloc(BLOCK);
  h.write(f.name, 0, 100, 'ascii');
  octal(h, f.mode & 0o7777, 100, 8);
  octal(h, 0, 108, 8); // uid
  octal(h, 0, 116, 8); // gid
  octal(h, f.size, 124, 12);
  octal(h, Math.floor(f.mtimeMs / 1000), 136, 12);
  h.write('        ', 148, 8, 'ascii'); // checksum counted as spaces
  h.write(f.typeflag ?? (f.type === 'directory' ? '5' : '0'), 156, 1, 'ascii');
  h.write('ustar\u000000', 257, 8, 'ascii');
  h.write('root', 265, 32, 'ascii');
  h.write('root', 297, 32, 'ascii');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 8, 'ascii');
  return h;
}

function octal(h: Buffer, value: number, offset: number, length: number): void {
  h.write(`${value.toString(8).padStart(length - 1, '0')}\u0000`, offset, length, 'ascii');
}
