// The syslog files of the mail stack on a host: its syslog configuration (rsyslog.conf with rsyslog.d, or
// sysklogd's syslog.conf, whichever daemon runs) evaluated for mail, local6 (cyrus), cron, authpriv and auth.
// The file with all of mail's lines is "maillog" on every system (RHEL's maillog, Debian's mail.log); a file
// that only gets a subset of a facility's lines another file has in full (Debian's mail.err) adds nothing.
import type { DiscoverAnswer } from './discover-script.js';
import { MAIL_STACK_FACILITIES, routesOf, type FacilityRoute } from './sources.js';
import { parseSyslogConfig, type SyslogConfig } from './syslog-config.js';
import type { LogSource } from './types.js';

export const MAIL_SOURCE = 'maillog';

// Read when no configuration could be: the names RHEL and Debian use.
const WELL_KNOWN: readonly (readonly [string, string])[] = [
  ['/var/log/maillog', MAIL_SOURCE],
  ['/var/log/mail.log', MAIL_SOURCE],
  ['/var/log/messages', 'messages'],
  ['/var/log/syslog', 'syslog'],
  ['/var/log/secure', 'secure'],
  ['/var/log/auth.log', 'auth.log'],
  ['/var/log/cron', 'cron'],
  ['/var/log/cron.log', 'cron.log'],
];

export function syslogSources(host: string, answer: DiscoverAnswer, warnings: string[]): LogSource[] {
  const config = configOf(answer, warnings);
  if (!config) {
    const found = WELL_KNOWN.filter(([path]) => answer.existing.has(path));
    const seen = new Set<string>();
    return found
      .filter(([, name]) => !seen.has(name) && seen.add(name))
      .map(([path, source]) => ({ host, source, kind: 'syslog', path }));
  }
  warnings.push(...config.warnings);
  const files: string[] = [];
  let mail: string | undefined;
  for (const facility of MAIL_STACK_FACILITIES) {
    const full = withoutSubsets(routesOf(config, facility));
    // Debian's syslog gets all of mail too, and comes first: the mail file is the one named for it.
    if (facility === 'mail') mail = full.find((f) => /mail/.test(baseName(f))) ?? full[0];
    for (const file of full) if (!files.includes(file)) files.push(file);
  }
  const present = files.filter((path) => {
    // Outside /var/log the script did not look: kept, a reader says so if it is missing.
    if (!path.startsWith('/var/log/') || answer.existing.has(path)) return true;
    warnings.push(`${path}: in the syslog configuration, not on the host (yet)`);
    return false;
  });
  const names = present.map((path) => (path === mail ? MAIL_SOURCE : baseName(path)));
  // Two files of one base name (or another file called maillog): the full path tells them apart.
  const unique = (name: string, path: string): string =>
    path !== mail && names.filter((n) => n === name).length > 1 ? path : name;
  return present.map((path, i) => ({ host, source: unique(names[i] ?? path, path), kind: 'syslog', path }));
}

// The running daemon's configuration; without a daemon seen, rsyslog.conf when there is one.
function configOf(answer: DiscoverAnswer, warnings: string[]): SyslogConfig | undefined {
  const { daemons, configs } = answer;
  if (daemons.includes('syslog-ng') && !daemons.includes('rsyslogd') && !daemons.includes('syslogd')) {
    warnings.push("syslog-ng's configuration is not read: the well-known log files are used");
    return undefined;
  }
  const rsyslog = configs.has('/etc/rsyslog.conf');
  const sysklog = configs.has('/etc/syslog.conf');
  const main =
    daemons.includes('syslogd') && !daemons.includes('rsyslogd') && sysklog
      ? '/etc/syslog.conf'
      : rsyslog
        ? '/etc/rsyslog.conf'
        : sysklog
          ? '/etc/syslog.conf'
          : undefined;
  if (!main) {
    warnings.push('no readable /etc/rsyslog.conf or /etc/syslog.conf: the well-known log files are used');
    return undefined;
  }
  return parseSyslogConfig(configs, main);
}

// The files that get a facility's lines, less those whose severities another file gets all of (and more).
function withoutSubsets(routes: readonly FacilityRoute[]): string[] {
  const within = (a: FacilityRoute, b: FacilityRoute): boolean =>
    a.severities.length < b.severities.length && a.severities.every((s) => b.severities.includes(s));
  return routes.filter((r) => !routes.some((o) => within(r, o))).map((r) => r.file);
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
