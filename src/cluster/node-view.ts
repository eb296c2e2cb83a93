// What a cluster node says about itself in one command: its name, its SSH host keys and the addresses its
// interfaces carry. Plain POSIX sh, RHEL5 included; nothing is written.
import { fingerprintOf, keyTypeOf } from '../transport/ssh/host-key.js';

const KEYS_END = '--- oxdoctor: interfaces';

// `ip -o addr` first: the RHEL cluster's ip resource adds the VIP with `ip addr add` and no label, which
// /sbin/ifconfig (RHEL5's only other tool) does not show.
export const NODE_VIEW_ARGV: readonly string[] = [
  'sh',
  '-c',
  [
    'uname -n',
    'for f in /etc/ssh/ssh_host_*key.pub; do [ -r "$f" ] && cat "$f" && echo; done',
    `echo '${KEYS_END}'`,
    'PATH=$PATH:/sbin:/usr/sbin',
    'ip -o addr show 2>/dev/null || ifconfig -a 2>/dev/null',
  ].join('; '),
];

export interface NodeView {
  readonly nodeName: string; // uname -n
  readonly hostKeys: readonly { readonly keyType: string; readonly fingerprint: string }[];
  readonly addresses: readonly string[] | undefined; // undefined: neither ip nor ifconfig answered
}

export function parseNodeView(stdout: string): NodeView {
  const lines = stdout.split('\n');
  const end = lines.indexOf(KEYS_END);
  const head = end === -1 ? lines : lines.slice(0, end);
  const tail = end === -1 ? [] : lines.slice(end + 1);
  const addresses = interfaceAddresses(tail.join('\n'));
  return {
    nodeName: (head[0] ?? '').trim(),
    hostKeys: head.slice(1).flatMap((l) => {
      const key = publicKey(l);
      return key ? [key] : [];
    }),
    addresses: addresses.length > 0 ? addresses : undefined,
  };
}

// "ssh-ed25519 AAAA... comment"; RHEL5's SSH1 ssh_host_key.pub ("1024 35 ...") is no SSH2 key and is skipped.
export function publicKey(line: string): { keyType: string; fingerprint: string } | null {
  const [type, data] = line.trim().split(/\s+/);
  if (!type || !data || !/^[A-Za-z0-9+/]+=*$/.test(data)) return null;
  const blob = Buffer.from(data, 'base64');
  if (keyTypeOf(blob) !== type) return null;
  return { keyType: type, fingerprint: fingerprintOf(blob) };
}

// Addresses from `ip -o addr` ("inet 10.0.0.5/24"), RHEL5's ifconfig ("inet addr:10.0.0.5",
// "inet6 addr: fe80::1/64") and newer ifconfig ("inet 10.0.0.5  netmask").
export function interfaceAddresses(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(/\binet6?\s+(?:addr:\s*)?([0-9A-Fa-f:.]+)/g)) found.add(m[1]!.toLowerCase());
  return [...found];
}
