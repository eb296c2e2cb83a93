// Where this host's OX pieces listen: AJP from ajp.properties / server.properties (port and bind address),
// the configdb from configdb.properties (jdbc URL), Apache from its first Listen directive.
// Seed defaults when the files say nothing.
import type { CheckContext } from '../../src/core/check.js';
import { factKey, shared } from '../../src/facts/context.js';
import { readText } from '../../src/facts/read-text.js';

export interface HostPort {
  readonly host: string;
  readonly port: number;
}

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
const CONFIGDB_FILES = ['/opt/open-xchange/etc/groupware/configdb.properties', '/opt/open-xchange/etc/admindaemon/configdb.properties', '/opt/open-xchange/etc/configdb.properties'];

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

export function apacheIncludes(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*Include(?:Optional)?\s+"?([^"\s]+)"?/gim)) {
    if (m[1] && !/[*?[]/.test(m[1])) out.push(m[1]);
  }
  return out;
}

// OX6 "AJP_BIND_ADDR=*" (all addresses, probed on loopback) or a single address.
export function ajpBindHost(text: string): string | undefined {
  const m = /^\s*AJP_BIND_ADDR\s*[=:]\s*(\S+)/m.exec(text);
  if (!m?.[1]) return undefined;
  return loopbackFor(m[1]);
}

// The first "Listen [addr:]port" of Apache's config; "Listen 80" is probed on loopback.
export function apacheListen(text: string): HostPort | undefined {
  const m = /^\s*Listen\s+(?:\[?([^\]\s]*?)\]?:)?(\d+)\b/im.exec(text);
  if (!m?.[2]) return undefined;
  return { host: loopbackFor(m[1] ?? ''), port: Number(m[2]) };
}

function loopbackFor(address: string): string {
  return ['', '*', '0.0.0.0', 'localhost', '::'].includes(address) ? '127.0.0.1' : address;
}

// OX6 "AJP_PORT=8009"; OX7 "com.openexchange.connector.networkListenerPort=8009" (AJP before 7.8 used the same key).
export function ajpPort(text: string): number | undefined {
  const m = /^\s*(?:AJP_PORT|com\.openexchange\.connector\.networkListenerPort)\s*[=:]\s*(\d+)/m.exec(text);
  return m?.[1] ? Number(m[1]) : undefined;
}

// "readUrl=jdbc:mysql://localhost:3313/configdb" -> 127.0.0.1:3313
export function configdbTarget(text: string): HostPort | undefined {
  const m = /^\s*(?:readUrl|writeUrl)\s*[=:]\s*jdbc:mysql:\/\/([^:/\s]+)(?::(\d+))?/m.exec(text);
  if (!m?.[1]) return undefined;
  return { host: m[1] === 'localhost' ? '127.0.0.1' : m[1], port: m[2] ? Number(m[2]) : 3306 };
}
