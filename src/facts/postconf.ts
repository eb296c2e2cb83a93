// `postconf -n` of a host, its config directory and version; main.cf itself when postconf cannot run.
import { expandParams, parseMainCf } from '../postfix/main-cf.js';
import { shared, type FactContext } from './context.js';
import { readText } from './read-text.js';
import { execSbin } from './sbin.js';

export interface PostconfFacts {
  readonly available: boolean; // false: neither postconf nor main.cf was found
  readonly source: 'postconf' | 'main.cf' | 'none';
  readonly configDirectory: string;
  readonly mailVersion?: string; // "3.7.11", "2.3.3"
  readonly params: ReadonlyMap<string, string>; // non-default parameters, values unexpanded
  get(name: string): string | undefined;
  // Expands $references with the parameters known here; unknown ones stay as written.
  expand(value: string): string;
}

export const DEFAULT_CONFIG_DIRECTORY = '/etc/postfix';

export function postconf(ctx: FactContext): Promise<PostconfFacts> {
  return shared(ctx, 'postconf', () => computePostconf(ctx), describe);
}

async function computePostconf(ctx: FactContext): Promise<PostconfFacts> {
  const [nonDefault, info] = await Promise.all([
    execSbin(ctx, 'postconf', ['-n']),
    execSbin(ctx, 'postconf', ['-h', 'config_directory', 'mail_version']),
  ]);
  if (nonDefault.code === 0) {
    const [dir, version] = info.code === 0 ? info.stdout.split('\n').map((l) => l.trim()) : [];
    return makeFacts('postconf', parseMainCf(nonDefault.stdout).params, dir || DEFAULT_CONFIG_DIRECTORY, version || undefined);
  }
  const file = await readText(ctx, `${DEFAULT_CONFIG_DIRECTORY}/main.cf`);
  if (file === null) return makeFacts('none', new Map(), DEFAULT_CONFIG_DIRECTORY, undefined);
  const params = parseMainCf(file.text).params;
  return makeFacts('main.cf', params, params.get('config_directory') ?? DEFAULT_CONFIG_DIRECTORY, undefined);
}

export function makeFacts(
  source: PostconfFacts['source'],
  params: ReadonlyMap<string, string>,
  configDirectory: string,
  mailVersion: string | undefined,
): PostconfFacts {
  const lookup = (name: string): string | undefined => params.get(name);
  return {
    available: source !== 'none',
    source,
    configDirectory,
    ...(mailVersion ? { mailVersion } : {}),
    params,
    get: lookup,
    expand: (value) => expandParams(value, lookup),
  };
}

function describe(f: PostconfFacts): string {
  if (!f.available) return 'postfix not found (no postconf, no main.cf)';
  return `${f.params.size} parameters from ${f.source}, config_directory ${f.configDirectory}${f.mailVersion ? `, postfix ${f.mailVersion}` : ''}`;
}
