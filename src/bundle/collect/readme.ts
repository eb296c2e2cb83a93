// README.txt at the top of the archive: what this is, how it was made, and the problems the sweep found.
import type { Result } from '../../core/result.js';
import type { Manifest } from '../manifest.js';

const ORDER = { crit: 0, unknown: 1, warn: 2, ok: 3 } as const;
const LABEL = { crit: 'CRITICAL', unknown: 'UNKNOWN', warn: 'WARNING', ok: 'OK' } as const;

export interface ReadmeInput {
  readonly tool: string;
  readonly site: string;
  readonly created: string;
  readonly window: string; // "since 2026-12-04T06:00:00Z"
  readonly hosts: readonly string[];
  readonly obfuscated: boolean;
  readonly results?: readonly Result[]; // the sweep's; undefined when it did not run
  readonly sweepError?: string;
}

export function readmeText(r: ReadmeInput): string {
  const lines = [
    `oxdoctor support bundle: ${r.site}`,
    `made by ${r.tool} at ${r.created}, hosts ${r.hosts.join(', ')}, logs ${r.window}`,
    '',
    'Layout: <host>/<component>/<path on the host> for files, <host>/<component>/commands/<name>.txt for',
    'command output, <host>/logs/<path> for logs (gzip-rotated ones unpacked), oxdoctor/check.json for',
    "oxdoctor's own sweep of every host, manifest.json for every item (host, component, path or argv, exit",
    'code, times, size, sha256, truncated, timed out, redactions by line and rule, errors).',
    'Secrets are replaced by ******** (every redaction is listed in manifest.json); keytabs, private keys,',
    'sasldb2, sasl_passwd and shadow are listed with their metadata only, never copied.',
  ];
  if (r.obfuscated) lines.push('Host names, domains, addresses and user names are replaced (--obfuscate).');
  lines.push('', 'Problems found by the sweep:');
  if (!r.results) lines.push(`  (the sweep did not run: ${r.sweepError ?? 'unknown reason'})`);
  else {
    const problems = r.results
      .filter((x) => x.status !== 'ok')
      .sort((a, b) => ORDER[a.status] - ORDER[b.status] || a.host.localeCompare(b.host));
    if (problems.length === 0) lines.push(`  none: all ${r.results.length} checks OK`);
    for (const p of problems) {
      lines.push(`  ${LABEL[p.status]} ${p.host} ${p.check}: ${oneLine(p.summary)}`);
      if (p.hint) lines.push(`      fix: ${oneLine(p.hint)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

// The manifest's story in a sentence, for stderr and the README's end.
export function completeness(m: Manifest): string {
  const failed = m.items.filter((e) => e.error !== undefined || e.timedOut);
  if (failed.length === 0) return `complete: ${m.items.length} items`;
  const hostsDown = m.hosts.filter((h) => h.status === 'failed').map((h) => h.name);
  const down = hostsDown.length > 0 ? `, hosts not collected: ${hostsDown.join(', ')}` : '';
  return `partial: ${failed.length} of ${m.items.length} items failed or were cut short${down} (see manifest.json)`;
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
