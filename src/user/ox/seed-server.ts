// The seed's IMAP and SMTP server for the OX users of a host: server A's mappings name "the external LVS address
// of the cluster" (its VIP), server B's name server B itself. Compared only where both sides are IP addresses:
// a host name against an address proves nothing without DNS.
import { isIP } from 'node:net';
import type { HostSpec } from '../../core/host.js';
import type { Step } from '../../core/result.js';
import type { SiteConfig } from '../../core/site.js';
import { field, type OxUser } from '../../ox/listuser-csv.js';

const RUN_SYNC = '/opt/open-xchange/sbin/oxsync';

export interface SeedServer {
  readonly imap: string | undefined;
  readonly smtp: string | undefined;
  readonly what: string; // "the VIP of cluster servera", "serverb's own address"
}

export function seedServer(site: SiteConfig, host: HostSpec): SeedServer {
  if (host.cluster !== undefined) {
    const vip = site.clusters?.[host.cluster]?.vip;
    return {
      imap: site.endpoints.vip?.imap ?? vip,
      smtp: site.endpoints.vip?.smtp ?? vip,
      what: `the VIP of cluster ${host.cluster}`,
    };
  }
  const own = host.transport.kind === 'ssh' ? host.transport.ssh.hostname : undefined;
  return { imap: own, smtp: own, what: `${host.name}'s own address` };
}

export function seedServerStep(host: string, login: string, user: OxUser, seed: SeedServer, mapping: string): Step {
  const have = { imap: field(user, 'ImapServer') ?? undefined, smtp: field(user, 'SmtpServer') ?? undefined };
  const off = (['imap', 'smtp'] as const).filter((k) => {
    const a = have[k];
    const b = seed[k];
    return a !== undefined && b !== undefined && isIP(a) !== 0 && isIP(b) !== 0 && a !== b;
  });
  if (off.length === 0)
    return { name: 'seed-server', status: 'ok', summary: `IMAP and SMTP server as the seed has them (${seed.what})` };
  const said = off.map((k) => `${k.toUpperCase()} ${have[k]}`).join(' and ');
  const want = [...new Set(off.map((k) => seed[k]))].join(', ');
  return {
    name: 'seed-server',
    status: 'warn',
    summary: `${host}: OX sends ${login} to ${said}, but the seed has this host's OX users on ${want} (${seed.what})`,
    hint: `set imapserver and smtpserver in ${mapping} to ${want} as the seed does, then run ${RUN_SYNC}`,
  };
}
