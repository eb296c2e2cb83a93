// Hosts and roles as the rest of oxdoctor sees them (after config and discovery).
export type Role = 'relay' | 'groupware' | 'archive';
export const ROLES: readonly Role[] = ['relay', 'groupware', 'archive'];

export interface SshTarget {
  readonly hostname: string; // what to connect to (after ~/.ssh/config resolution)
  readonly port: number;
  readonly user: string;
  readonly identityFiles: readonly string[];
  readonly identitiesOnly?: boolean; // offer only the identity files, not ssh-agent's other keys
  readonly knownHostsFiles: readonly string[];
  readonly hostKeyAlias?: string; // name to look up in known_hosts, default hostname / [hostname]:port
  readonly proxyJump?: string;
  readonly connectTimeoutMs: number;
  readonly keepaliveIntervalMs: number;
  readonly maxChannels: number;
  readonly helper?: boolean; // run commands through the remote helper (default true)
}

export interface HostSpec {
  readonly name: string;
  readonly roles: readonly Role[];
  // The cluster this host is a node of (SiteConfig.clusters), e.g. server A's node8888 and node9999.
  readonly cluster?: string;
  readonly transport: { readonly kind: 'local' } | { readonly kind: 'ssh'; readonly ssh: SshTarget };
}
