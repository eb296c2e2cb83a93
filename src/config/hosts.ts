// Config host entries turned into HostSpecs: local, or SSH resolved through ~/.ssh/config.
import type { HostSpec, Role } from '../core/host.js';
import { resolveSshTarget, type SshOverrides } from '../transport/ssh/config.js';
import type { ConfigFile } from './schema.js';

type HostEntry = ConfigFile['hosts'][string];

export interface SshResolution {
  readonly home: string;
  readonly configFiles?: readonly string[]; // default ~/.ssh/config, /etc/ssh/ssh_config
}

export function toHostSpec(name: string, h: HostEntry, ssh: SshResolution): HostSpec {
  const roles = (h.roles ?? []) as Role[];
  const cluster = h.cluster !== undefined ? { cluster: h.cluster } : {};
  if (h.local === true) return { name, roles, ...cluster, transport: { kind: 'local' } };
  const expand = (p: string): string => (p === '~' || p.startsWith('~/') ? ssh.home + p.slice(1) : p);
  const s = h.ssh ?? {};
  const overrides: SshOverrides = {
    ...(s.user !== undefined ? { user: s.user } : {}),
    ...(s.port !== undefined ? { port: s.port } : {}),
    ...(s.identityFile !== undefined ? { identityFiles: [expand(s.identityFile)] } : {}),
    ...(s.identitiesOnly !== undefined ? { identitiesOnly: s.identitiesOnly } : {}),
    ...(s.knownHosts !== undefined ? { knownHostsFiles: [expand(s.knownHosts)] } : {}),
    ...(s.proxyJump !== undefined ? { proxyJump: s.proxyJump } : {}),
    ...(s.hostKeyAlias !== undefined ? { hostKeyAlias: s.hostKeyAlias } : {}),
    ...(s.connectTimeoutMs !== undefined ? { connectTimeoutMs: s.connectTimeoutMs } : {}),
    ...(s.helper !== undefined ? { helper: s.helper } : {}),
  };
  const target = resolveSshTarget(h.address ?? name, overrides, {
    home: ssh.home,
    ...(ssh.configFiles ? { configFiles: ssh.configFiles } : {}),
  });
  return { name, roles, ...cluster, transport: { kind: 'ssh', ssh: target } };
}
