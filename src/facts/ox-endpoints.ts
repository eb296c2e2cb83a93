// Where this host's OX pieces listen: AJP from ajp.properties / server.properties (port and bind address),
// the configdb from configdb.properties (jdbc URL), Apache from its first Listen directive.
// Seed defaults when the files say nothing.
import type { CheckContext } from '../core/check.js';
import { factKey, shared } from './context.js';
import { readText } from './read-text.js';
import { ajpBindHost, ajpPort, apacheIncludes, apacheListen, configdbTarget } from '../ox/endpoint-config.js';
import type { HostPort } from '../ox/endpoint-config.js';

export interface OxEndpoints {
  readonly ajp: HostPort;
  readonly configdb: HostPort;
  readonly http: HostPort;
}

export const OX_DEFAULTS: OxEndpoints = {
  ajp: { host: '127.0.0.1', port: 8009 },
  configdb: { host: '127.0.0.1', port: 3313 },
  http: { host: '127.0.0.1', port: 80 },
};

const AJP_FILES = ['/opt/open-xchange/etc/groupware/ajp.properties', '/opt/open-xchange/etc/server.properties'];
// Apache's main config (RHEL, Debian) and its server root, where relative Includes start.
const APACHE_MAIN = [
  { file: '/etc/httpd/conf/httpd.conf', root: '/etc/httpd' },
  { file: '/etc/apache2/apache2.conf', root: '/etc/apache2' },
];
const CONFIGDB_FILES = [
  '/opt/open-xchange/etc/groupware/configdb.properties',
  '/opt/open-xchange/etc/admindaemon/configdb.properties',
  '/opt/open-xchange/etc/configdb.properties',
];

export const OX_ENDPOINTS_FACT = factKey<OxEndpoints>('ox.endpoints');

export function oxEndpoints(ctx: CheckContext): Promise<OxEndpoints> {
  return shared(
    ctx,
    OX_ENDPOINTS_FACT,
    async () => {
      const [ajpText, dbText, apacheText] = await Promise.all([
        firstText(ctx, AJP_FILES),
        firstText(ctx, CONFIGDB_FILES),
        apacheConfigText(ctx),
      ]);
      return {
        ajp: { host: ajpBindHost(ajpText) ?? OX_DEFAULTS.ajp.host, port: ajpPort(ajpText) ?? OX_DEFAULTS.ajp.port },
        configdb: configdbTarget(dbText) ?? OX_DEFAULTS.configdb,
        http: apacheListen(apacheText) ?? OX_DEFAULTS.http,
      };
    },
    (e) => `AJP ${e.ajp.host}:${e.ajp.port}, configdb ${e.configdb.host}:${e.configdb.port}`,
  );
}

async function firstText(ctx: CheckContext, paths: readonly string[]): Promise<string> {
  for (const p of paths) {
    const f = await readText(ctx, p);
    if (f) return f.text;
  }
  return '';
}

// The main config with the literal (non-glob) files it includes, where Listen lives (ports.conf on Debian).
async function apacheConfigText(ctx: CheckContext): Promise<string> {
  for (const main of APACHE_MAIN) {
    const f = await readText(ctx, main.file);
    if (!f) continue;
    const included = await Promise.all(
      apacheIncludes(f.text).map((p) => readText(ctx, p.startsWith('/') ? p : `${main.root}/${p}`)),
    );
    return [f.text, ...included.map((i) => i?.text ?? '')].join('\n');
  }
  return '';
}
