// The OX logs (OX 6's java.util.logging and OX 7's logback write open-xchange.log.0 live, .1 .. .N older),
// oxldapsync.log, and Apache's error and access logs: those its configuration names (RHEL httpd, Debian apache2)
// and those in /var/log/httpd or /var/log/apache2 (the seed's "/var/log/httpd/*").
import type { DiscoverAnswer } from './discover-script.js';
import type { LogSource, SourceKind } from './types.js';

const OX_DIR = '/var/log/open-xchange';

export function oxSources(host: string, existing: ReadonlySet<string>): LogSource[] {
  const out: LogSource[] = [];
  const add = (source: string, kind: SourceKind, ...paths: string[]): void => {
    const path = paths.find((p) => existing.has(p));
    if (path) out.push({ host, source, kind, path });
  };
  add('ox', 'ox', `${OX_DIR}/open-xchange.log.0`, `${OX_DIR}/open-xchange.log`);
  add('ox-admin', 'ox', `${OX_DIR}/open-xchange-admin.log.0`, `${OX_DIR}/open-xchange-admin.log`);
  add('ox-console', 'ox', `${OX_DIR}/open-xchange-console.log`);
  add('ox-admin-console', 'ox', `${OX_DIR}/open-xchange-admin-console.log`);
  add('oxldapsync', 'oxldapsync', '/var/log/oxldapsync.log');
  return out;
}

// "error_log", "error.log", "ssl_error_log", "other_vhosts_access.log", "ssl_request_log"; not rotations.
const APACHE_LOG_NAME = /^(?:(.+)[_.-])?(error|access|request)[._]log$/;
const APACHE_DIRS = ['/var/log/httpd/', '/var/log/apache2/'];

export function apacheSources(host: string, answer: DiscoverAnswer): LogSource[] {
  const out: LogSource[] = [];
  const add = (path: string, kind: SourceKind | undefined): void => {
    const name = path.slice(path.lastIndexOf('/') + 1);
    const m = APACHE_LOG_NAME.exec(name);
    const which = kind ?? (m ? (m[2] === 'error' ? 'apache-error' : 'apache-access') : undefined);
    if (!which || out.some((s) => s.path === path)) return;
    // The main pair is "apache-error" and "apache-access"; the others are told apart by their prefix.
    const prefix = m?.[1];
    const source = prefix ? `apache-${prefix}_${m?.[2] ?? ''}` : m ? which : `apache-${name}`;
    out.push({ host, source, kind: which, path });
  };
  for (const { directive, path } of answer.apache)
    add(path, directive === 'errorlog' ? 'apache-error' : 'apache-access');
  for (const path of [...answer.existing].sort()) {
    if (APACHE_DIRS.some((d) => path.startsWith(d) && !path.slice(d.length).includes('/'))) add(path, undefined);
  }
  return uniqueNames(out);
}

// A name given twice (two vhosts' error_log in different directories): the later ones get their path.
function uniqueNames(sources: readonly LogSource[]): LogSource[] {
  const seen = new Set<string>();
  return sources.map((s) => {
    if (!seen.has(s.source)) {
      seen.add(s.source);
      return s;
    }
    return { ...s, source: s.path };
  });
}
