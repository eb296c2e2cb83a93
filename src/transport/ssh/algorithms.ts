// The SSH algorithms oxdoctor offers beyond ssh2's defaults, shared by the transport's connect and the
// host-key-only probe of a cluster's VIP.

// Every server host key type, so whichever key a host has can answer.
export const HOST_KEY_ALGORITHMS = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
  'ssh-dss',
] as const;

// RHEL5's OpenSSH 4.3 knows none of ssh2's default key exchanges. group14-sha1 comes first: with
// group-exchange-sha1 ssh2 stalled past a 5 s handshake here (server-chosen 3072-bit group).
export const LEGACY_KEX = ['diffie-hellman-group14-sha1', 'diffie-hellman-group-exchange-sha1'] as const;
