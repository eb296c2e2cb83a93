// Where the test messages go and where their copies are read: the relay (port 25, as Exchange hands mail in),
// server A (port 25 for the user's own submission, IMAP for the INBOX copy) and server B (IMAP for the archive
// copy and Sent Items), each reached from its own host's transport, as the checks reach them.
import type { HostSpec } from '../../core/host.js';
import type { SiteConfig } from '../../core/site.js';

export interface Place {
  readonly spec: HostSpec; // the host whose transport opens the connection
  readonly address: string; // where the service listens, as that host sees it
}

export interface SendPlaces {
  readonly relay?: Place; // port 25
  readonly smtpA?: Place; // server A's port 25 (the VIP when it has one)
  readonly imapA?: Place; // server A's cyrus (the VIP when it has one)
  readonly imapB?: Place; // server B's cyrus
  readonly groupA: readonly string[]; // server A's host names (every node of its cluster)
  readonly groupB: readonly string[]; // server B's host names
}

export function sendPlaces(site: SiteConfig): SendPlaces {
  const relay = site.hosts.find((h) => h.roles.includes('relay'));
  const a = site.hosts.filter((h) => h.roles.includes('groupware') && !h.roles.includes('archive'));
  const b = site.hosts.find((h) => h.roles.includes('archive'));
  const first = a[0];
  const vip = first?.cluster ? site.clusters?.[first.cluster]?.vip : undefined;
  const groupA = first?.cluster ? a.filter((h) => h.cluster === first.cluster) : first ? [first] : [];
  return {
    ...(relay ? { relay: { spec: relay, address: ownAddress(relay) } } : {}),
    ...(first
      ? {
          smtpA: { spec: first, address: site.endpoints.vip?.smtp ?? vip ?? ownAddress(first) },
          imapA: { spec: first, address: site.endpoints.vip?.imap ?? vip ?? ownAddress(first) },
        }
      : {}),
    ...(b ? { imapB: { spec: b, address: ownAddress(b) } } : {}),
    groupA: groupA.map((h) => h.name),
    groupB: b ? [b.name] : [],
  };
}

// A host's own address as seen from itself: what SSH connects to, or loopback for the local host.
function ownAddress(spec: HostSpec): string {
  return spec.transport.kind === 'ssh' ? spec.transport.ssh.hostname : '127.0.0.1';
}
