// Loading the site config: find the file, parse with positions, validate strictly, resolve secrets,
// fill roles and endpoints of local hosts by discovery, and freeze. Or the embedded default.
import os from 'node:os';
import { messageOf, UserError } from '../core/errors.js';
import type { HostSpec } from '../core/host.js';
import type { Secret } from '../core/redact.js';
import { discoverEndpoints } from './discover-endpoints.js';
import { discoverHost } from './discover-host.js';
import { clusterProblems, clustersOf } from './clusters.js';
import { readConfigText } from './config-text.js';
import { ConfigError } from './errors.js';
import { localFiles, type FileReader } from './file-reader.js';
import { findConfigFile } from './find.js';
import { remember, type LoadedConfig } from './details.js';
import { embeddedDefault } from './embedded.js';
import { fillEndpoints, missingEndpoints } from './endpoints.js';
import { deepFreeze } from './freeze.js';
import { toHostSpec } from './hosts.js';
import { describeIssues } from './issues.js';
import { MAX_HOSTS } from './limits.js';
import { terminalPrompt, type Prompt } from './prompt.js';
import { configSchema, type ConfigFile, type SecretRef } from './schema.js';
import { resolveSecret } from './secrets.js';
import type { SiteConfig } from './types.js';
import { formatPath, parseYamlSource, type KeyPath } from './yaml-source.js';

export { embeddedDefault, EMBEDDED_SOURCE } from './embedded.js';
export { detailsOf, type LoadedConfig } from './details.js';

export interface LoadOptions {
  readonly explicitPath?: string; // --config
  readonly path?: string; // same as explicitPath (the CLI's name for it)
  readonly env?: Readonly<Record<string, string | undefined>>; // default process.env
  readonly home?: string; // default os.homedir()
  readonly etcDir?: string; // default /etc/oxdoctor
  readonly isTTY?: boolean; // default process.stdin.isTTY
  readonly prompt?: Prompt;
  readonly mode?: 'resolve' | 'validate'; // validate: check secrets exist, never prompt
  readonly localReader?: FileReader; // the local disk, for discovery
  readonly hostname?: string; // default os.hostname()
  readonly sshConfigFiles?: readonly string[];
}

// The site configuration, ready to use; detailsOf(site) has warnings and what discovery found.
export async function loadConfig(o: LoadOptions = {}): Promise<SiteConfig> {
  return (await loadConfigDetailed(o)).site;
}

export async function loadConfigDetailed(o: LoadOptions = {}): Promise<LoadedConfig> {
  const env = o.env ?? process.env;
  const home = o.home ?? os.homedir();
  const explicitPath = o.explicitPath ?? o.path;
  const found = await findConfigFile({
    env,
    home,
    ...(explicitPath !== undefined ? { explicitPath } : {}),
    ...(o.etcDir ? { etcDir: o.etcDir } : {}),
  });
  if (!found) return embeddedDefault(o);
  return loadConfigText(await readConfigText(found.path), found.path, o);
}

export async function loadConfigText(text: string, file: string, o: LoadOptions = {}): Promise<LoadedConfig> {
  const env = o.env ?? process.env;
  const home = o.home ?? os.homedir();
  const source = parseYamlSource(text, file);
  if (source.syntaxErrors.length > 0) throw new ConfigError(source.syntaxErrors);
  // Counted before validation, which would otherwise describe every one of 30,000 hosts.
  const hostCount = countKeys(source.valueAt(['hosts']));
  if (hostCount > MAX_HOSTS) {
    const where = source.where(['hosts'], 'key');
    throw new ConfigError([`${where}: hosts: expected at most ${MAX_HOSTS} hosts, got ${hostCount}`]);
  }
  const parsed = configSchema.safeParse(source.value ?? {});
  if (!parsed.success) throw new ConfigError(describeIssues(parsed.error.issues, source, configSchema));
  const cfg = parsed.data;

  const problems: string[] = [];
  const warnings: string[] = [];
  const at = (path: KeyPath, message: string): string => `${source.where(path)}: ${formatPath(path)}: ${message}`;

  const secretEnv = {
    env,
    home,
    isTTY: o.isTTY ?? process.stdin.isTTY === true,
    prompt: o.prompt ?? terminalPrompt,
    mode: o.mode ?? 'resolve',
  } as const;
  const secrets = new Map<string, Secret>();
  const refs: [KeyPath, SecretRef | undefined][] = [
    [['endpoints', 'ldap', 'bindPassword'], cfg.endpoints.ldap?.bindPassword],
    [['ox', 'adminPassword'], cfg.ox?.adminPassword],
    [['testUser', 'password'], cfg.testUser?.password],
    [['imapAdmin', 'password'], cfg.imapAdmin?.password],
  ];
  // Sequential on purpose: prompts must not interleave.
  for (const [path, ref] of refs) {
    if (ref === undefined) continue;
    const outcome = await resolveSecret(ref, formatPath(path), secretEnv);
    if (!outcome.ok) problems.push(at(path, outcome.problem));
    else {
      if (outcome.secret) secrets.set(path.join('.'), outcome.secret);
      if (outcome.warning) warnings.push(at(path, outcome.warning));
    }
  }

  const hosts: HostSpec[] = [];
  for (const [name, entry] of Object.entries(cfg.hosts)) {
    try {
      hosts.push(toHostSpec(name, entry, { home, ...(o.sshConfigFiles ? { configFiles: o.sshConfigFiles } : {}) }));
    } catch (err) {
      const alias = entry.address ?? name;
      const message = messageOf(err).replace(new RegExp(`^${alias.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `), '');
      const hint = err instanceof UserError && err.hint ? ` (${err.hint})` : '';
      problems.push(at(['hosts', name], message + hint));
    }
  }
  if (Object.keys(cfg.hosts).length === 0) problems.push(at(['hosts'], 'expected at least one host'));
  problems.push(...clusterProblems(cfg, at));
  if (problems.length > 0) throw new ConfigError(problems);

  const discovered: string[] = [];
  const reader = o.localReader ?? localFiles;
  const rolesToDiscover = hosts
    .filter((h) => cfg.hosts[h.name]?.roles === undefined && h.transport.kind !== 'local')
    .map((h) => h.name);
  // Discovered in parallel, reported in host order.
  const perHost = await Promise.all(
    hosts.map(async (h) => {
      if (cfg.hosts[h.name]?.roles !== undefined || h.transport.kind !== 'local')
        return { host: h, reasons: [] as string[] };
      const found = await discoverHost(reader);
      return { host: { ...h, roles: found.roles }, reasons: found.reasons.map((r) => `${h.name}: ${r}`) };
    }),
  );
  const withRoles = perHost.map((p) => p.host);
  discovered.push(...perHost.flatMap((p) => p.reasons));

  let endpoints = buildEndpoints(cfg, secrets);
  const local = withRoles.find((h) => h.transport.kind === 'local');
  if (local && missingEndpoints(endpoints).length > 0) {
    const found = await discoverEndpoints(reader, local.roles);
    endpoints = fillEndpoints(endpoints, found.endpoints);
    discovered.push(...found.reasons.map((r) => `${local.name}: ${r}`));
  }

  const site: SiteConfig = {
    source: file,
    site: cfg.site,
    defaults: cfg.defaults,
    hosts: withRoles,
    ...clustersOf(cfg),
    endpoints,
    ...(cfg.ox
      ? {
          ox: {
            context: cfg.ox.context,
            admin: cfg.ox.admin,
            ...withSecret('adminPassword', secrets.get('ox.adminPassword')),
          },
        }
      : {}),
    ...(cfg.imapAdmin && secrets.get('imapAdmin.password')
      ? { imapAdmin: { login: cfg.imapAdmin.login, password: secrets.get('imapAdmin.password')! } }
      : {}),
    ...(cfg.testUser
      ? {
          testUser: {
            login: cfg.testUser.login,
            address: cfg.testUser.address,
            ...withSecret('password', secrets.get('testUser.password')),
          },
        }
      : {}),
    ...(cfg.tls
      ? {
          tls: {
            requireTrusted: cfg.tls.requireTrusted,
            fingerprints: cfg.tls.fingerprints.map((f) => f.toUpperCase()),
          },
        }
      : {}),
    thresholds: cfg.thresholds,
    ...(cfg.seedDeviations.length > 0 ? { seedDeviations: cfg.seedDeviations } : {}),
  };
  return remember(deepFreeze({ site, warnings, rolesToDiscover, discovered }));
}

function countKeys(value: unknown): number {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value).length : 0;
}

function withSecret<K extends string>(key: K, secret: Secret | undefined): Partial<Record<K, Secret>> {
  return secret ? ({ [key]: secret } as Record<K, Secret>) : {};
}

function buildEndpoints(cfg: ConfigFile, secrets: ReadonlyMap<string, Secret>): SiteConfig['endpoints'] {
  const e = cfg.endpoints;
  return {
    ...(e.ldap
      ? {
          ldap: {
            url: e.ldap.url,
            baseDn: e.ldap.baseDn,
            ...(e.ldap.bindDn ? { bindDn: e.ldap.bindDn } : {}),
            ...withSecret('bindPassword', secrets.get('endpoints.ldap.bindPassword')),
          },
        }
      : {}),
    ...(e.kerberos ? { kerberos: e.kerberos } : {}),
    ...(e.exchange ? { exchange: e.exchange } : {}),
    ...(e.vip ? { vip: e.vip } : {}),
  };
}
