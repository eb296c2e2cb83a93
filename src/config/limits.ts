// How much input oxdoctor accepts: every bound a file, a key or an option has, in one place.
// Durations stay far below 2^31-1 ms, where Node's timers overflow and fire after 1 ms.

export const HOUR_MS = 3_600_000;
export const MAX_DURATION_MS = HOUR_MS; // timeoutMs, connectTimeoutMs, --timeout
export const MAX_DURATION_SECONDS = HOUR_MS / 1000; // refreshSeconds, --refresh
export const MAX_CONCURRENCY = 1000; // concurrency, --concurrency
export const MAX_PER_HOST_CONCURRENCY = 100;
export const MAX_OX_CONTEXT = 2 ** 31 - 1; // OX context ids are Java ints

export const MAX_CONFIG_BYTES = 1 << 20;
export const MAX_SECRET_FILE_BYTES = 64 << 10;
export const MAX_HOSTS = 1000;
// Values a YAML document may hold once its aliases are expanded: more than any 1 MiB file holds without
// aliases, far less than an alias bomb ("billion laughs") expands to.
export const MAX_YAML_VALUES = 1_000_000;

// Files oxdoctor reads because ssh would: ssh_config and each of its Includes, identity files, known_hosts.
export const MAX_SSH_CONFIG_BYTES = 1 << 20;
export const MAX_IDENTITY_FILE_BYTES = 64 << 10; // an RSA 16384-bit key is about 12 KiB
export const MAX_KNOWN_HOSTS_BYTES = 16 << 20; // big sites keep every host's keys in one file
// The check durations cache: 1000 hosts with about 80 checks each is about 3 MiB.
export const MAX_DURATIONS_BYTES = 8 << 20;
