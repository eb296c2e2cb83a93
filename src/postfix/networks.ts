// mynetworks matching: "127.0.0.0/8", "192.168.109.0/24", "10.1.2.3", "[::1]/128". Table and file entries
// (hash:..., /etc/postfix/network_table) and host names are not evaluated here.

export function addressInNetworks(address: string, networks: readonly string[]): boolean {
  return networks.some((n) => addressInNetwork(address, n));
}

export function addressInNetwork(address: string, network: string): boolean {
  const bare = network.replace(/^\[([^\]]+)\]/, '$1');
  const [base = '', bitsText] = bare.split('/');
  const ip = ipv4(address);
  const net = ipv4(base);
  if (ip === null || net === null) return address.toLowerCase() === base.toLowerCase() && bitsText === undefined;
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (ip & mask) >>> 0 === (net & mask) >>> 0;
}

function ipv4(text: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text.trim());
  if (!m) return null;
  const octets = m.slice(1).map(Number);
  if (octets.some((o) => o > 255)) return null;
  return octets.reduce((acc, o) => acc * 256 + o, 0);
}

// Entries postfix would consult that this matcher cannot: tables, files, names.
export function unevaluated(networks: readonly string[]): string[] {
  return networks.filter((n) => !/^\[?[\d.:a-f]+\]?(\/\d+)?$/i.test(n));
}
