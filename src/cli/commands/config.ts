// `oxdoctor config validate|show`: load the configuration; show it with every secret masked.
import { stringify } from 'yaml';
import type { SiteConfig } from '../../config/types.js';
import { writeOut } from '../../reporters/writer.js';
import type { CliIO } from '../io.js';
import type { GlobalOptions } from '../global-options.js';
import { loadSite } from '../wiring.js';

export async function runConfigValidate(globals: GlobalOptions, io: CliIO): Promise<number> {
  const site = await loadSite({ configPath: globals.config, env: io.env });
  const hosts = site.hosts.map((h) => `${h.name} (${h.roles.join(', ') || 'no roles'})`).join(', ');
  await writeOut(io.stdout, `config OK: ${site.source}: site '${site.site}', ${site.hosts.length} hosts: ${hosts}\n`, io.redactor);
  return 0;
}

export async function runConfigShow(format: 'yaml' | 'json', globals: GlobalOptions, io: CliIO): Promise<number> {
  const site = await loadSite({ configPath: globals.config, env: io.env });
  await writeOut(io.stdout, format === 'json' ? `${JSON.stringify(plain(site), null, 2)}\n` : showYaml(site), io.redactor);
  return 0;
}

// Secrets serialise as "<secret env:NAME>" (Secret.toJSON); the value never reaches the output.
function plain(site: SiteConfig): unknown {
  return JSON.parse(JSON.stringify(site));
}

export function showYaml(site: SiteConfig): string {
  return `# effective configuration from ${site.source}; secrets are shown by reference only\n${stringify(plain(site))}`;
}
