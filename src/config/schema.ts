// The config file's shape, validated strictly (unknown keys are errors), with defaults applied.
import { isIP } from 'node:net';
import { z } from 'zod';
import { parseRange, RangeSyntaxError } from '../core/thresholds.js';
import { ROLES } from '../core/host.js';
import { isThresholdName, THRESHOLD_NAMES } from '../core/threshold-names.js';
import { SEED_SETTING_IDS } from '../seed/settings.js';
import {
  MAX_CONCURRENCY,
  MAX_DURATION_MS,
  MAX_DURATION_SECONDS,
  MAX_OX_CONTEXT,
  MAX_PER_HOST_CONCURRENCY,
} from './limits.js';

export const DEFAULTS = { timeoutMs: 10_000, concurrency: 16, perHostConcurrency: 6, refreshSeconds: 60 } as const;

// A secret is a reference to where the value lives, never the value itself.
export type SecretRef = { readonly env: string } | { readonly file: string } | 'prompt';

export const SECRET_LITERAL_MESSAGE = 'secrets are references: use {env: NAME} or {file: PATH} or prompt';

const CONTROL = /\p{Cc}/u;
const NO_CONTROL = /^\P{Cc}*$/u;

const secretRef = z.unknown().transform((value, ctx): SecretRef => {
  if (value === 'prompt') return 'prompt';
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    const v = value as Record<string, unknown>;
    if (keys.length === 1 && typeof v.env === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(v.env)) return { env: v.env };
    const file = typeof v.file === 'string' && v.file !== '' && !CONTROL.test(v.file) ? v.file : undefined;
    if (keys.length === 1 && file !== undefined) return { file };
  }
  // The value is never echoed: it may be the password itself.
  const message = typeof value === 'string' ? SECRET_LITERAL_MESSAGE : `expected {env: NAME}, {file: PATH} or prompt`;
  ctx.addIssue({ code: 'custom', message, params: { secret: true } });
  return z.NEVER;
});

const port = z.number().int().min(1).max(65535);
const positive = z.number().int().min(1);
// Durations stay within an hour: Node's timers overflow at 2^31 ms and fire at once.
const milliseconds = positive.max(MAX_DURATION_MS, { error: `expected at most ${MAX_DURATION_MS} ms (one hour)` });
const seconds = positive.max(MAX_DURATION_SECONDS, {
  error: `expected at most ${MAX_DURATION_SECONDS} seconds (one hour)`,
});
// Values go into IMAP, SMTP and LDAP commands and onto the terminal: a CR, LF or NUL would end a command
// early and smuggle in another; an ESC would drive the terminal.
const text = z
  .string()
  .min(1)
  .regex(NO_CONTROL, { error: 'expected text without control characters (CR, LF, NUL, ...)' });

const ssh = z.strictObject({
  user: text.optional(),
  port: port.optional(),
  identityFile: text.optional(),
  identitiesOnly: z.boolean().optional(),
  knownHosts: text.optional(),
  proxyJump: text.optional(),
  hostKeyAlias: text.optional(),
  connectTimeoutMs: milliseconds.optional(),
  helper: z.boolean().optional(),
});

// A cluster's name: the same characters as a host name.
const clusterName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,252}$/, {
  error: 'expected a cluster name of up to 253 letters, digits, ".", "_" and "-"',
});

// An address compared with what the nodes' interfaces carry, so a name would never match.
const ipAddress = z.string().refine((v) => isIP(v) !== 0, { error: 'expected an IPv4 or IPv6 address' });

const host = z
  .strictObject({
    address: text.optional(),
    local: z.boolean().optional(),
    roles: z.array(z.enum(ROLES as [string, ...string[]])).optional(),
    cluster: clusterName.optional(),
    ssh: ssh.optional(),
  })
  .superRefine((h, ctx) => {
    if (h.local === true && (h.ssh !== undefined || h.address !== undefined)) {
      ctx.addIssue({ code: 'custom', message: 'a local host takes no address or ssh settings', path: ['local'] });
    }
  });

const hostPort = z
  .string()
  .regex(/^(\[[^\]\s\p{Cc}]+\]|[^\s:\p{Cc}]+)(:\d{1,5})?$/u, { error: 'expected "host" or "host:port"' })
  .refine((v) => Number(/:(\d+)$/.exec(v)?.[1] ?? 1) <= 65535, { error: 'expected a port up to 65535 after ":"' });

// Range text goes into perfdata as it is written: trimmed, and a line break may not end the line early.
const rangeText = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const s = String(v).trim();
  if (CONTROL.test(s)) {
    ctx.addIssue({ code: 'custom', message: 'expected a range without control characters' });
    return z.NEVER;
  }
  try {
    parseRange(s);
  } catch (err) {
    if (!(err instanceof RangeSyntaxError)) throw err;
    ctx.addIssue({ code: 'custom', message: err.message });
    return z.NEVER;
  }
  return s;
});

// A DNS name is at most 253 characters; the name is the SSH address unless `address` is given.
const hostName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,252}$/, {
  error: 'expected a host name of up to 253 letters, digits, ".", "_" and "-"',
});

const mailAddress = z.string().regex(/^[^\s@\p{Cc}]+@[^\s@\p{Cc}]+$/u, { error: 'expected a mail address' });

// Declared boolean, not a type guard: a guard would make the record demand every name.
const thresholdName = z.string().refine((name): boolean => isThresholdName(name), {
  error: `unknown threshold (expected one of: ${THRESHOLD_NAMES.join(', ')})`,
});

// A seed setting id; a wrong one names the ids that end the same way.
const seedSettingId = z.string().superRefine((id, ctx) => {
  if (SEED_SETTING_IDS.has(id)) return;
  const option = id.slice(id.lastIndexOf('/') + 1);
  const near = [...SEED_SETTING_IDS].filter((known) => known.endsWith(`/${option}`));
  const hint =
    near.length > 0 ? `did you mean ${near.join(' or ')}?` : 'e.g. main.cf/unknown_local_recipient_reject_code';
  ctx.addIssue({ code: 'custom', message: `unknown seed setting (${hint})` });
});

// A value the site runs on purpose instead of the seed's; null when it leaves the option unset.
const seedDeviation = z.strictObject({
  setting: seedSettingId,
  value: z.union([
    z.string().regex(NO_CONTROL, { error: 'expected text without control characters' }),
    z.number().transform(String),
    z.null(),
  ]),
  reason: text,
  hosts: z.array(hostName).min(1).optional(),
});

export const configSchema = z.strictObject({
  site: text.default('oxdoctor'),
  defaults: z
    .strictObject({
      timeoutMs: milliseconds.default(DEFAULTS.timeoutMs),
      concurrency: positive.max(MAX_CONCURRENCY).default(DEFAULTS.concurrency),
      perHostConcurrency: positive.max(MAX_PER_HOST_CONCURRENCY).default(DEFAULTS.perHostConcurrency),
      refreshSeconds: seconds.default(DEFAULTS.refreshSeconds),
    })
    .prefault({}),
  hosts: z.record(hostName, host),
  // Clusters the hosts name in `cluster:`; the node holding the VIP runs the cluster's services.
  clusters: z.record(clusterName, z.strictObject({ vip: ipAddress })).default({}),
  endpoints: z
    .strictObject({
      ldap: z
        .strictObject({
          url: z.string().regex(/^ldaps?:\/\/[^\s\p{Cc}]+$/u, { error: 'expected an ldap:// or ldaps:// URL' }),
          bindDn: text.optional(),
          bindPassword: secretRef.optional(),
          baseDn: text,
        })
        .optional(),
      kerberos: z.strictObject({ realm: text, kdc: z.array(hostPort).min(1) }).optional(),
      exchange: z.strictObject({ host: text, port: port.default(25) }).optional(),
      vip: z.strictObject({ imap: text.optional(), smtp: text.optional() }).optional(),
    })
    .prefault({}),
  ox: z
    .strictObject({
      context: z.number().int().min(0).max(MAX_OX_CONTEXT),
      admin: text,
      adminPassword: secretRef.optional(),
    })
    .optional(),
  // A cyrus admin (imapd.conf `admins`) that may log in on behalf of the test user (SASL PLAIN authzid).
  imapAdmin: z.strictObject({ login: text, password: secretRef }).optional(),
  testUser: z.strictObject({ login: text, address: mailAddress, password: secretRef.optional() }).optional(),
  // Trust of the TLS (STARTTLS) a password goes over (the IMAP logins). By default the certificate is recorded
  // but not required; requireTrusted sends no password unless it is CA-signed for the name, or pinned here.
  tls: z
    .strictObject({
      requireTrusted: z.boolean().default(false),
      fingerprints: z
        .array(
          z.string().regex(/^([0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}$/, {
            error:
              'expected a SHA-256 fingerprint as `openssl x509 -noout -fingerprint -sha256` prints it (AB:CD:...:EF)',
          }),
        )
        .default([]),
    })
    .optional(),
  thresholds: z
    .record(thresholdName, z.strictObject({ warn: rangeText.optional(), crit: rangeText.optional() }))
    .default({}),
  seedDeviations: z.array(seedDeviation).default([]),
});

export type ConfigFile = z.output<typeof configSchema>;
