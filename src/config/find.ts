// Where the config file is: --config, $OXDOCTOR_CONFIG, ~/.config/oxdoctor/config.yaml, /etc/oxdoctor/config.yaml.
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../core/errors.js';

export interface SearchOptions {
  readonly explicitPath?: string; // --config
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly home: string;
  readonly etcDir?: string; // default /etc/oxdoctor
}

export interface Candidate {
  readonly path: string;
  readonly from: '--config' | 'OXDOCTOR_CONFIG' | 'home' | 'etc';
}

export function searchPath(o: SearchOptions): Candidate[] {
  const out: Candidate[] = [];
  if (o.explicitPath !== undefined) out.push({ path: o.explicitPath, from: '--config' });
  const env = o.env.OXDOCTOR_CONFIG;
  if (env) out.push({ path: env, from: 'OXDOCTOR_CONFIG' });
  out.push({ path: join(o.home, '.config', 'oxdoctor', 'config.yaml'), from: 'home' });
  out.push({ path: join(o.etcDir ?? '/etc/oxdoctor', 'config.yaml'), from: 'etc' });
  return out;
}

// The first existing candidate; null means "use the embedded default". A file named explicitly
// (--config or $OXDOCTOR_CONFIG) must exist: falling through would check the wrong site silently.
export async function findConfigFile(o: SearchOptions): Promise<Candidate | null> {
  // Not "no --config": that would check the embedded default's site instead of the one meant.
  if (o.explicitPath === '') throw new UserError('--config names no file (an empty path)');
  for (const c of searchPath(o)) {
    const exists = await access(c.path).then(
      () => true,
      () => false,
    );
    if (exists) return c;
    if (c.from === '--config' || c.from === 'OXDOCTOR_CONFIG') {
      throw new UserError(
        `config file ${c.path} (from ${c.from}) does not exist`,
        'check the path, or omit it to use the embedded default',
      );
    }
  }
  return null;
}
