// The validated, frozen site configuration the rest of oxdoctor reads.
import type { Secret } from './redact.js';
import type { HostSpec } from './host.js';

export interface RangePair {
  readonly warn?: string;
  readonly crit?: string;
}

export interface SiteConfig {
  readonly source: string; // file path, or "embedded default"
  readonly site: string;
  readonly defaults: {
    readonly timeoutMs: number;
    readonly concurrency: number;
    readonly perHostConcurrency: number;
    readonly refreshSeconds: number;
  };
  readonly hosts: readonly HostSpec[];
  // Clusters by name (hosts name theirs in HostSpec.cluster): services the cluster starts follow the VIP.
  readonly clusters?: Readonly<Record<string, ClusterSpec>>;
  readonly endpoints: {
    readonly ldap?: {
      readonly url: string;
      readonly bindDn?: string;
      readonly bindPassword?: Secret;
      readonly baseDn: string;
    };
    readonly kerberos?: { readonly realm: string; readonly kdc: readonly string[] }; // "host:port"
    readonly exchange?: { readonly host: string; readonly port: number };
    readonly vip?: { readonly imap?: string; readonly smtp?: string };
  };
  readonly ox?: {
    readonly context: number;
    readonly admin: string;
    readonly adminPassword?: Secret;
  };
  // A cyrus admin allowed to log in as the test user (proxy login), when the user's password is not configured.
  readonly imapAdmin?: { readonly login: string; readonly password: Secret };
  readonly testUser?: {
    readonly login: string;
    readonly address: string;
    readonly password?: Secret;
  };
  // TLS a password may go over: required trusted (CA-signed for the name, or one of these SHA-256 fingerprints).
  readonly tls?: { readonly requireTrusted: boolean; readonly fingerprints: readonly string[] };
  // Named thresholds in monitoring-plugins range syntax, e.g. "queue.deferred": {warn: "50", crit: "200"}.
  readonly thresholds: Readonly<Record<string, RangePair>>;
  // Where this site deliberately differs from the seed (config/seed-drift accepts exactly these values).
  readonly seedDeviations?: readonly SeedDeviation[];
}

// A cluster of nodes sharing a virtual address: the node holding it runs the cluster's services.
export interface ClusterSpec {
  readonly vip: string; // an IPv4 or IPv6 address
}

// A documented deviation from a seed setting: the value this site runs on purpose, and why.
export interface SeedDeviation {
  readonly setting: string; // a seed setting id, e.g. "krb5.conf/dns_lookup_kdc"
  readonly value: string | null; // null: the site leaves the option unset
  readonly reason: string;
  readonly hosts?: readonly string[]; // default: every host the setting applies to
}
