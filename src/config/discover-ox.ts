// The ox section of a host that has none configured: the context and admin (and the password, where the job
// passes it with -P) of the OX jobs its crontabs run, directly or through a job script under /opt.
import { Secret } from '../core/redact.js';
import { findAdminInvocation } from '../ox/admin-invocation.js';
import type { SiteConfig } from './types.js';
import { readTextFile, type FileReader } from './file-reader.js';

const CRONTABS = [
  '/etc/cron.d/ox',
  '/etc/cron.d/oxldapsync',
  '/etc/crontab',
  '/var/spool/cron/root',
  '/var/spool/cron/crontabs/root',
];
// Job scripts a crontab line runs, read when the line itself does not name -A and -c (at most this many).
const SCRIPT = /(\/opt\/(?:open-xchange|oxldapsync)\/s?bin\/[\w.-]+)/g;
const MAX_SCRIPTS = 8;

export interface OxDiscovery {
  readonly ox: NonNullable<SiteConfig['ox']>;
  readonly reason: string;
}

export async function discoverOx(reader: FileReader): Promise<OxDiscovery | null> {
  const tabs = await Promise.all(
    CRONTABS.map(async (path) => ({ path, text: await readTextFile(reader, path).catch(() => null) })),
  );
  const scripts = new Set<string>();
  for (const { path, text } of tabs) {
    if (text === null) continue;
    const found = findAdminInvocation(text);
    if (found) return toDiscovery(found, path);
    for (const m of text.matchAll(SCRIPT)) if (scripts.size < MAX_SCRIPTS) scripts.add(m[1]!);
  }
  for (const path of scripts) {
    const text = await readTextFile(reader, path).catch(() => null);
    const found = text === null ? null : findAdminInvocation(text);
    if (found) return toDiscovery(found, path);
  }
  return null;
}

function toDiscovery(found: NonNullable<ReturnType<typeof findAdminInvocation>>, path: string): OxDiscovery {
  const ox = {
    context: found.context,
    admin: found.admin,
    ...(found.password ? { adminPassword: new Secret(found.password, `-P in ${path}`) } : {}),
  };
  return { ox, reason: `ox: context ${found.context} and admin ${found.admin} from ${path} (${found.line})` };
}
