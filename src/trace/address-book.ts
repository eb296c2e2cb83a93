// Which configured host listens on an address, for following a hand-off: relay, server A and server B all call
// themselves oxmail.example.com, so a delivery line's relay=IP:port is what names the receiving host.
import type { SiteConfig } from '../core/site.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export class HostAddressBook {
  private readonly hosts = new Map<string, string[]>();
  private readonly outside = new Map<string, string>();

  // entries: each host's addresses (a cluster VIP under every node of the cluster); outside: names of peers
  // that are not configured hosts (Exchange), by address.
  constructor(
    entries: readonly { host: string; addresses: readonly string[] }[],
    outside: readonly { name: string; address: string }[] = [],
  ) {
    for (const { host, addresses } of entries) {
      for (const a of addresses) {
        const list = this.hosts.get(a.toLowerCase()) ?? [];
        if (!list.includes(host)) list.push(host);
        this.hosts.set(a.toLowerCase(), list);
      }
    }
    for (const o of outside) this.outside.set(o.address.toLowerCase(), o.name);
  }

  // The hosts that may have received a hand-off to ip from fromHost: loopback is fromHost itself; a VIP is every
  // node of its cluster; [] when the peer is not a configured host.
  hostsAt(ip: string, fromHost: string): readonly string[] {
    if (LOOPBACK.has(ip.toLowerCase())) return [fromHost];
    return this.hosts.get(ip.toLowerCase()) ?? [];
  }

  // A name for a peer that is no configured host ("Exchange"), when the config knows it.
  outsideName(ip: string): string | undefined {
    return this.outside.get(ip.toLowerCase());
  }

  static fromSite(site: SiteConfig, extra: ReadonlyMap<string, readonly string[]> = new Map()): HostAddressBook {
    const entries = site.hosts.map((h) => {
      const own = h.transport.kind === 'ssh' ? [h.transport.ssh.hostname] : ['127.0.0.1'];
      const vip = h.cluster ? site.clusters?.[h.cluster]?.vip : undefined;
      return { host: h.name, addresses: [...own, ...(vip ? [vip] : []), ...(extra.get(h.name) ?? [])] };
    });
    const exchange = site.endpoints.exchange;
    return new HostAddressBook(entries, exchange ? [{ name: 'Exchange', address: exchange.host }] : []);
  }
}
