// The seed's IMAP/SMTP server for a host's OX users (server A: the cluster VIP; server B: itself), against the
// lab's real listuser records of test1001 on servera and serverb.
import { describe, expect, it } from 'vitest';
import type { HostSpec } from '../../../src/core/host.js';
import type { SiteConfig } from '../../../src/core/site.js';
import { parseListuserCsv } from '../../../src/ox/listuser-csv.js';
import { seedServer, seedServerStep } from '../../../src/user/ox/seed-server.js';
import { TEST1001_SERVERA, TEST1001_SERVERB } from './samples.js';

const ssh = (hostname: string) =>
  ({
    kind: 'ssh',
    ssh: {
      hostname,
      port: 22,
      user: 'root',
      identityFiles: [],
      knownHostsFiles: [],
      connectTimeoutMs: 1,
      keepaliveIntervalMs: 1,
      maxChannels: 1,
    },
  }) as const;
const servera: HostSpec = { name: 'servera', roles: ['groupware'], cluster: 'servera', transport: ssh('127.0.10.2') };
const servera2: HostSpec = { name: 'servera2', roles: ['groupware'], cluster: 'servera', transport: ssh('127.0.10.3') };
const serverb: HostSpec = { name: 'serverb', roles: ['groupware', 'archive'], transport: ssh('127.0.10.4') };
const site = { endpoints: {}, clusters: { servera: { vip: '127.0.10.2' } } } as unknown as SiteConfig;
const userOf = (csv: string) => parseListuserCsv(csv).users[0]!;
const MAPPING = '/opt/oxldapsync/etc/mapping.ads.conf';

describe('seedServerStep', () => {
  it("passes servera's record (the VIP) on either node of the cluster, and serverb's (itself) on serverb", () => {
    for (const host of [servera, servera2])
      expect(seedServerStep(host.name, 'test1001', userOf(TEST1001_SERVERA), seedServer(site, host), MAPPING)).toEqual({
        name: 'seed-server',
        status: 'ok',
        summary: 'IMAP and SMTP server as the seed has them (the VIP of cluster servera)',
      });
    const b = seedServerStep('serverb', 'test1001', userOf(TEST1001_SERVERB), seedServer(site, serverb), MAPPING);
    expect(b.summary).toBe("IMAP and SMTP server as the seed has them (serverb's own address)");
  });

  it("warns when a cluster node's users point elsewhere than the VIP (serverb's record on servera)", () => {
    const s = seedServerStep('servera', 'test1001', userOf(TEST1001_SERVERB), seedServer(site, servera), MAPPING);
    expect(s).toEqual({
      name: 'seed-server',
      status: 'warn',
      summary:
        "servera: OX sends test1001 to IMAP 127.0.10.4 and SMTP 127.0.10.4, but the seed has this host's OX users on 127.0.10.2 (the VIP of cluster servera)",
      hint: `set imapserver and smtpserver in ${MAPPING} to 127.0.10.2 as the seed does, then run /opt/open-xchange/sbin/oxsync`,
    });
  });

  it('prefers endpoints.vip, and compares nothing where a side is a host name', () => {
    const named = {
      ...site,
      endpoints: { vip: { imap: 'imap.example.com', smtp: '127.0.10.9' } },
    } as unknown as SiteConfig;
    const s = seedServerStep('servera', 'test1001', userOf(TEST1001_SERVERA), seedServer(named, servera), MAPPING);
    expect(s.summary).toBe(
      "servera: OX sends test1001 to SMTP 127.0.10.2, but the seed has this host's OX users on 127.0.10.9 (the VIP of cluster servera)",
    );
  });
});
