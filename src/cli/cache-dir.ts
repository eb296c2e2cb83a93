// Where oxdoctor keeps what it learns between runs on this machine (only check names and durations).
import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';

export function cacheDir(env: NodeJS.ProcessEnv): string {
  if (env.OXDOCTOR_CACHE_DIR) return env.OXDOCTOR_CACHE_DIR;
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'oxdoctor');
  return join(env.HOME ?? homedir(), '.cache', 'oxdoctor');
}

// One file per configuration, so two sites with the same host names do not mix.
export function durationsPath(env: NodeJS.ProcessEnv, configSource: string): string {
  const id = createHash('sha256').update(configSource).digest('hex').slice(0, 12);
  return join(cacheDir(env), `durations-${id}.json`);
}
