// Which parts of the deployment a host carries, judged from files in both RHEL and Debian layouts.
// Reads files only, so the same code serves a local reader, an SSH transport and test fixtures.
import { parseMainCf } from '../postfix/main-cf.js';
import { parseMasterCf } from '../postfix/master-cf.js';
import type { Transport } from '../transport/types.js';
import { factKey, shared, type FactContext } from './context.js';
import { pathExists } from './read-text.js';
import { findAmavisFilter } from './roles.js';

export type Component = 'postfix' | 'amavis' | 'cyrus' | 'ox' | 'oxldapsync';

export interface Installed {
  readonly components: ReadonlySet<Component>;
  readonly found: Readonly<Partial<Record<Component, string>>>; // the path that proved each one
}

// First existing path wins; order puts the most specific marker first.
export const MARKERS: Readonly<Record<Component, readonly string[]>> = {
  postfix: ['/etc/postfix/main.cf'],
  amavis: [
    '/etc/amavisd/amavisd.conf', // RHEL5
    '/etc/amavisd.conf', // RHEL/EPEL, older layouts
    '/etc/amavis/conf.d/50-user', // Debian
    '/etc/amavis/conf.d',
    '/etc/amavisd',
    '/etc/amavis',
  ],
  cyrus: ['/etc/imapd.conf'],
  // Files, not bare directories: an empty /opt/open-xchange (a mount point, a leftover) proves nothing.
  ox: [
    '/opt/open-xchange/etc/groupware/system.properties', // OX6
    '/opt/open-xchange/etc/system.properties', // OX7+
    '/opt/open-xchange/etc/configdb.properties',
    '/opt/open-xchange/etc/groupware/configdb.properties',
    '/opt/open-xchange/etc/groupware/ajp.properties',
    '/opt/open-xchange/sbin/listuser',
  ],
  oxldapsync: [
    '/opt/oxldapsync/etc/ldapsync-ads.conf',
    '/opt/oxldapsync/etc/ldapsync.conf',
    '/opt/oxldapsync/sbin/oxldapsync.pl',
  ],
};

export async function detectInstalled(reader: Pick<Transport, 'readFile'>): Promise<Installed> {
  const entries = await Promise.all(
    (Object.keys(MARKERS) as Component[]).map(async (c) => [c, await firstExisting(reader, MARKERS[c])] as const),
  );
  const found: Partial<Record<Component, string>> = {};
  for (const [c, path] of entries) if (path !== undefined) found[c] = path;
  if (found.postfix && !found.amavis) {
    const filter = await amavisFilterOf(reader);
    if (filter) found.amavis = filter;
  }
  return { components: new Set(Object.keys(found) as Component[]), found };
}

// Postfix handing mail to amavis on this host's loopback means amavis runs here, wherever its config lives.
async function amavisFilterOf(reader: Pick<Transport, 'readFile'>): Promise<string | undefined> {
  const [main, master] = await Promise.all(['main.cf', 'master.cf'].map((f) => reader.readFile(`/etc/postfix/${f}`)));
  const filter = findAmavisFilter({
    mainParams: parseMainCf(main?.data.toString('utf8') ?? '').params,
    services: parseMasterCf(master?.data.toString('utf8') ?? ''),
  });
  return filter && /\[?(127\.0\.0\.1|localhost|::1)\]?:\d+/i.test(filter) ? filter : undefined;
}

// One path at a time, stopping at the first: over SSH each probe is a channel, and a burst of
// them can outrun the server's MaxSessions.
async function firstExisting(
  reader: Pick<Transport, 'readFile'>,
  paths: readonly string[],
): Promise<string | undefined> {
  for (const p of paths) if (await pathExists(reader, p)) return p;
  return undefined;
}

export const INSTALLED_FACT = factKey<Installed>('installed');

export function installed(ctx: FactContext): Promise<Installed> {
  return shared(
    ctx,
    INSTALLED_FACT,
    async () => {
      const result = await detectInstalled(ctx.transport);
      ctx.record('installed components', describe(result));
      return result;
    },
    describe,
  );
}

function describe(i: Installed): string {
  const lines = Object.entries(i.found).map(([c, p]) => `${c}: ${p}`);
  return lines.length > 0 ? lines.join('\n') : 'none of postfix, amavis, cyrus, OX, oxldapsync found';
}
