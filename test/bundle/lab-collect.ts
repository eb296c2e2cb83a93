// A minimal collector over src/bundle's parts, for the lab canary test only: guards, files, derived postfix
// maps, commands, metadata and the live logs of each host, redacted into one tar.gz with a manifest. The real
// collector (the bundle command's) replaces it; this one proves the parts fit and hold on real hosts.
import type { SiteConfig } from '../../src/core/site.js';
import type { HostSpec } from '../../src/core/host.js';
import type { Transport } from '../../src/core/transport.js';
import { COLLECT_SPEC, isSecretOnly, postfixMapFiles } from '../../src/bundle/collect-spec/index.js';
import { resolveArgv } from '../../src/bundle/collect-spec/placeholders.js';
import {
  existingPathsArgv,
  guardsArgv,
  metadataArgv,
  parseGuards,
  parseLsLd,
  parsePaths,
} from '../../src/bundle/collect-spec/remote.js';
import type { CommandItem, ComponentSpec } from '../../src/bundle/collect-spec/types.js';
import { ManifestBuilder, manifestJson } from '../../src/bundle/manifest.js';
import type { BundleRedactor } from '../../src/bundle/redact/redactor.js';
import type { Subject } from '../../src/bundle/redact/types.js';
import { TarGzWriter } from '../../src/bundle/tar-gz.js';
import { discoverSources } from '../../src/logs/discover.js';
import { TransportPool } from '../../src/transport/index.js';

const LOG_TAIL = 1024 * 1024;

export async function collectLab(
  site: SiteConfig,
  hosts: readonly HostSpec[],
  redactor: BundleRedactor,
  archive: string,
): Promise<void> {
  const tar = await TarGzWriter.create(archive);
  const manifest = new ManifestBuilder({ tool: 'oxdoctor test', site: 'lab' });
  const pool = new TransportPool();
  try {
    await Promise.all(hosts.map((h) => collectHost(site, h.name, pool.get(h), redactor, tar, manifest)));
    await tar.addBuffer({ name: 'manifest.json' }, manifestJson(manifest.build(), redactor));
    await tar.close();
  } finally {
    await pool.closeAll();
  }
}

async function collectHost(
  site: SiteConfig,
  host: string,
  t: Transport,
  redactor: BundleRedactor,
  tar: TarGzWriter,
  manifest: ManifestBuilder,
): Promise<void> {
  const add = async (subject: Subject, component: string, data: Buffer): Promise<void> => {
    const item = redactor.forItem(subject);
    const body = Buffer.from(item.block(data.toString('latin1')), 'latin1');
    const entryName = redactor.redactText(`${host}/${subject.kind}/${subject.name.replace(/^\//, '')}`).text;
    const timer = manifest.start({
      host,
      component,
      kind: subject.kind === 'text' ? 'file' : subject.kind,
      ...(subject.kind === 'command' ? { argv: subject.name.split(' ') } : { path: subject.name }),
    });
    const added = await tar.addBuffer({ name: entryName.slice(0, 250) }, body);
    timer.finish({ archivePath: added.name, size: added.size, sha256: added.sha256, redaction: item.summary() });
  };
  const guards = parseGuards((await t.exec(guardsArgv(COLLECT_SPEC.map((c) => c.guard)))).stdout, COLLECT_SPEC.length);
  const components = COLLECT_SPEC.filter((_c, i) => guards[i]);
  for (const c of components) await collectComponent(site, host, t, c, add, manifest);
}

type Add = (subject: Subject, component: string, data: Buffer) => Promise<void>;

async function collectComponent(
  site: SiteConfig,
  host: string,
  t: Transport,
  c: ComponentSpec,
  add: Add,
  manifest: ManifestBuilder,
): Promise<void> {
  const copy = async (path: string, maxBytes: number): Promise<void> => {
    if (isSecretOnly(path)) return listMetadata(host, t, c.name, [path], manifest);
    const timer = manifest.start({ host, component: c.name, kind: 'file', path });
    try {
      const file = await t.readFile(path, { maxBytes });
      if (file) await add({ kind: 'file', name: path }, c.name, file.data);
    } catch (e) {
      timer.finish({ error: (e as Error).message });
    }
  };
  for (const item of c.items) {
    if (item.kind === 'files') {
      const paths = parsePaths((await t.exec(existingPathsArgv(item.paths, { filesOnly: true }))).stdout);
      for (const p of paths) await copy(p, item.maxBytes);
    } else if (item.kind === 'derived') {
      const [main, master] = await Promise.all(['main.cf', 'master.cf'].map((f) => t.readFile(`/etc/postfix/${f}`)));
      const maps = postfixMapFiles(main?.data.toString() ?? '', master?.data.toString() ?? '');
      for (const p of maps.copy) await copy(p, item.maxBytes);
      await listMetadata(host, t, c.name, maps.metadataOnly, manifest);
    } else if (item.kind === 'metadata') {
      await listMetadata(host, t, c.name, item.paths, manifest);
    } else if (item.kind === 'command') {
      await runCommand(site, t, c.name, item, add);
    } else if (item.kind === 'logs') {
      for (const s of (await discoverSources(t, host)).sources) {
        const file = await t.readFile(s.path, { maxBytes: LOG_TAIL, tail: true });
        if (file) await add({ kind: 'log', name: s.path }, c.name, file.data);
      }
    }
  }
}

async function runCommand(site: SiteConfig, t: Transport, component: string, item: CommandItem, add: Add) {
  const paths = item.forEach ? parsePaths((await t.exec(existingPathsArgv(item.forEach))).stdout) : [undefined];
  for (const path of paths) {
    const argv = resolveArgv(item, {
      ...(path ? { path } : {}),
      ...(site.ox ? { oxContext: String(site.ox.context), oxAdmin: site.ox.admin } : {}),
    });
    if (!argv) continue;
    const env: Record<string, string> = {};
    if (item.env?.ADMIN_PASSWORD && site.ox?.adminPassword) env.ADMIN_PASSWORD = site.ox.adminPassword.reveal();
    const r = await t.exec(argv, { env, timeoutMs: item.timeoutMs, maxOutputBytes: item.maxBytes });
    await add({ kind: 'command', name: argv.join(' ') }, component, Buffer.from(`${r.stdout}${r.stderr}`, 'utf8'));
  }
}

async function listMetadata(
  host: string,
  t: Transport,
  component: string,
  globs: readonly string[],
  manifest: ManifestBuilder,
): Promise<void> {
  if (globs.length === 0) return;
  for (const f of parseLsLd((await t.exec(metadataArgv(globs))).stdout))
    manifest.start({ host, component, kind: 'metadata', path: f.path }).finish({ metadata: f.metadata });
}
