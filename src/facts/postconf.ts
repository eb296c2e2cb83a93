// `postconf -n` of a host, its config directory and version; main.cf itself when postconf cannot run.
import { expandParams, parseMainCf } from '../postfix/main-cf.js';
import { factKey, shared, type FactContext } from './context.js';
import { readText } from './read-text.js';
import { execSbin } from './sbin.js';
import { SEED_SETTINGS } from '../seed/settings.js';

export interface PostconfFacts {
  readonly available: boolean; // false: neither postconf nor main.cf was found
  readonly source: 'postconf' | 'main.cf' | 'none';
  readonly configDirectory: string;
  readonly mailVersion?: string; // "3.7.11", "2.3.3"
  readonly params: ReadonlyMap<string, string>; // non-default parameters, values unexpanded
  readonly effective: ReadonlyMap<string, string>; // EFFECTIVE_PARAMS as postconf reports them, defaults included
  // A parameter from postconf -n, else its effective value when it is one of EFFECTIVE_PARAMS.
  get(name: string): string | undefined;
  // Expands $references with the parameters known here; unknown ones stay as written.
  expand(value: string): string;
}

export const DEFAULT_CONFIG_DIRECTORY = '/etc/postfix';

// Parameters checks need even when left at their defaults (postconf -n omits those), the seed's main.cf and
// master.cf -o parameters among them (config/seed-drift): one postconf command for all.
const BASE_PARAMS = [
  'config_directory',
  'mail_version',
  'myhostname',
  'mydomain',
  'myorigin',
  'inet_interfaces',
  'mynetworks',
  'queue_directory',
  'command_directory',
  'daemon_directory',
  'smtpd_banner',
  'mail_name',
];
export const EFFECTIVE_PARAMS: readonly string[] = [
  ...new Set([
    ...BASE_PARAMS,
    ...SEED_SETTINGS.filter((s) => s.source === 'main.cf' || s.source === 'master.cf').map((s) => s.key),
  ]),
];

export const POSTCONF_FACT = factKey<PostconfFacts>('postconf');

export function postconf(ctx: FactContext): Promise<PostconfFacts> {
  return shared(ctx, POSTCONF_FACT, () => computePostconf(ctx), describe);
}

async function computePostconf(ctx: FactContext): Promise<PostconfFacts> {
  // "name = value" output rather than -h: an old postfix skips names it does not know, and
  // the lines must still say which value is which.
  const [nonDefault, info] = await Promise.all([
    execSbin(ctx, 'postconf', ['-n']),
    execSbin(ctx, 'postconf', EFFECTIVE_PARAMS),
  ]);
  if (nonDefault.code === 0) {
    const effective = parseMainCf(info.stdout).params; // what it printed, whatever its exit status
    const dir = effective.get('config_directory') || DEFAULT_CONFIG_DIRECTORY;
    return makeFacts(
      'postconf',
      parseMainCf(nonDefault.stdout).params,
      dir,
      effective.get('mail_version') || undefined,
      effective,
    );
  }
  const file = await readText(ctx, `${DEFAULT_CONFIG_DIRECTORY}/main.cf`);
  if (file === null) return makeFacts('none', new Map(), DEFAULT_CONFIG_DIRECTORY, undefined, new Map());
  const params = parseMainCf(file.text).params;
  return makeFacts('main.cf', params, params.get('config_directory') ?? DEFAULT_CONFIG_DIRECTORY, undefined, new Map());
}

export function makeFacts(
  source: PostconfFacts['source'],
  params: ReadonlyMap<string, string>,
  configDirectory: string,
  mailVersion: string | undefined,
  effective: ReadonlyMap<string, string>,
): PostconfFacts {
  const lookup = (name: string): string | undefined => params.get(name) ?? effective.get(name);
  return {
    available: source !== 'none',
    source,
    configDirectory,
    ...(mailVersion ? { mailVersion } : {}),
    params,
    effective,
    get: lookup,
    expand: (value) => expandParams(value, lookup),
  };
}

function describe(f: PostconfFacts): string {
  if (!f.available) return 'postfix not found (no postconf, no main.cf)';
  return `${f.params.size} parameters from ${f.source}, config_directory ${f.configDirectory}${f.mailVersion ? `, postfix ${f.mailVersion}` : ''}`;
}
