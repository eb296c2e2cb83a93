// `oxdoctor checks`: the catalogue, as a table or as JSON.
import type { Check } from '../../core/check.js';
import { writeOut } from '../../reporters/writer.js';
import type { CliIO } from '../io.js';
import { loadChecks } from '../wiring.js';

export async function runChecksCommand(format: 'text' | 'json', io: CliIO): Promise<number> {
  const checks = await loadChecks();
  await writeOut(io.stdout, format === 'json' ? catalogueJson(checks) : catalogueText(checks), io.redactor);
  return 0;
}

function rolesOf(c: Check): string {
  return c.roles === 'all' ? 'all' : c.roles.join(',');
}

export function catalogueText(checks: readonly Check[]): string {
  const idWidth = Math.max(2, ...checks.map((c) => c.id.length));
  const roleWidth = Math.max(5, ...checks.map((c) => rolesOf(c).length));
  const indent = ' '.repeat(idWidth + roleWidth + 4);
  const lines = [`${'ID'.padEnd(idWidth)}  ${'ROLES'.padEnd(roleWidth)}  TITLE`];
  for (const c of checks) {
    lines.push(`${c.id.padEnd(idWidth)}  ${rolesOf(c).padEnd(roleWidth)}  ${c.title}`);
    lines.push(`${indent}proves: ${c.proves}`);
    for (const mode of c.catches ?? []) lines.push(`${indent}  catches: ${mode}`);
    for (const mode of c.misses ?? []) lines.push(`${indent}  misses:  ${mode}`);
  }
  lines.push('', `${checks.length} checks; run some with: oxdoctor check --check ID|GROUP`);
  return `${lines.join('\n')}\n`;
}

export function catalogueJson(checks: readonly Check[]): string {
  const doc = {
    version: 1,
    checks: checks.map((c) => ({
      id: c.id,
      title: c.title,
      roles: c.roles === 'all' ? 'all' : [...c.roles],
      proves: c.proves,
      catches: [...(c.catches ?? [])],
      misses: [...(c.misses ?? [])],
      timeoutMs: c.timeoutMs ?? null,
    })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
