// What discoverSources asks a host, in one command, and its answer taken apart. The script prints lines
// "NONCE TAG ..." (the nonce is random per run, so no file's content can pose as one):
//   Z +0100             `date +%z`
//   P rsyslogd          a syslog daemon that runs (rsyslogd, syslogd, syslog-ng)
//   F /etc/rsyslog.conf a syslog configuration file, its content on the following lines
//   E /var/log/maillog  a regular file that exists (/var/log, the OX logs, Apache's log directories)
//   A errorlog /path    an Apache ErrorLog/CustomLog/TransferLog of the configuration that exists (symlinks resolved)
// Extra arguments are more syslog configuration patterns (includes outside /etc/rsyslog.d), read as F.

export const APACHE_CONFIGS = [
  '/etc/httpd/conf/httpd.conf',
  '/etc/httpd/conf.d/*.conf',
  '/etc/apache2/apache2.conf',
  '/etc/apache2/sites-enabled/*',
  '/etc/apache2/conf-enabled/*.conf',
  '/etc/apache2/conf.d/*',
];

const OX_LOGS = ['open-xchange', 'open-xchange-admin'].flatMap((n) => [`${n}.log.0`, `${n}.log`, `${n}-console.log`]);

// $1 the nonce; the rest extra configuration patterns. IFS is a newline so globbed paths with spaces stay whole.
export const DISCOVER_SCRIPT = `n=$1; shift
printf '%s Z %s\\n' "$n" "$(date +%z)"
ps -e -o comm= 2>/dev/null | grep -E '^(rsyslogd|syslogd|syslog-ng)$' | sort -u | while read -r d; do
  printf '%s P %s\\n' "$n" "$d"
done
IFS='
'
for f in /etc/syslog.conf /etc/rsyslog.conf /etc/rsyslog.d/* $*; do
  [ -f "$f" ] && [ -r "$f" ] || continue
  printf '%s F %s\\n' "$n" "$f"
  cat -- "$f"
  echo
done
for f in /var/log/* /var/log/httpd/* /var/log/apache2/* ${OX_LOGS.map((l) => `/var/log/open-xchange/${l}`).join(' ')}; do
  [ -f "$f" ] && printf '%s E %s\\n' "$n" "$f"
done
unset IFS
for c in ${APACHE_CONFIGS.join(' ')}; do
  [ -f "$c" ] || continue
  case $c in /etc/httpd/*) root=/etc/httpd ;; *) root=/etc/apache2 ;; esac
  grep -i -E '^[[:space:]]*(ErrorLog|CustomLog|TransferLog)[[:space:]]' "$c" 2>/dev/null | while read -r d p rest; do
    p=\${p#\\"}; p=\${p%\\"}
    case $p in '|'* | syslog:* | '') continue ;; esac
    case $p in '\${APACHE_LOG_DIR}'*) p=/var/log/apache2\${p#'\${APACHE_LOG_DIR}'} ;; esac
    case $p in /*) ;; *) p=$root/$p ;; esac
    [ -f "$p" ] || continue
    r=$(readlink -f -- "$p" 2>/dev/null) && p=$r
    printf '%s A %s %s\\n' "$n" "$d" "$p"
  done
done
exit 0`;

export interface DiscoverAnswer {
  readonly utcOffsetMinutes?: number;
  readonly daemons: readonly string[];
  readonly configs: ReadonlyMap<string, string>;
  readonly existing: ReadonlySet<string>;
  readonly apache: readonly { readonly directive: string; readonly path: string }[];
}

export function parseDiscoverAnswer(stdout: string, nonce: string): DiscoverAnswer {
  const daemons: string[] = [];
  const configs = new Map<string, string>();
  const existing = new Set<string>();
  const apache: { directive: string; path: string }[] = [];
  let utcOffsetMinutes: number | undefined;
  let config: { path: string; lines: string[] } | undefined;
  const endConfig = (): void => {
    if (config) configs.set(config.path, config.lines.join('\n'));
    config = undefined;
  };
  for (const line of stdout.split('\n')) {
    const m = line.startsWith(`${nonce} `) ? /^\S+ ([ZPFEA]) (.*)$/.exec(line) : null;
    if (!m) {
      config?.lines.push(line);
      continue;
    }
    endConfig();
    const [, tag, rest = ''] = m;
    if (tag === 'Z') utcOffsetMinutes = offsetMinutes(rest);
    else if (tag === 'P') daemons.push(rest);
    else if (tag === 'F') config = { path: rest, lines: [] };
    else if (tag === 'E') existing.add(rest);
    else {
      const a = /^(\S+) (.+)$/.exec(rest);
      if (a) apache.push({ directive: (a[1] ?? '').toLowerCase(), path: a[2] ?? '' });
    }
  }
  endConfig();
  return { ...(utcOffsetMinutes !== undefined ? { utcOffsetMinutes } : {}), daemons, configs, existing, apache };
}

// "+0130" -> 90, "-0500" -> -300.
export function offsetMinutes(zone: string): number | undefined {
  const m = /^([+-])(\d{2})(\d{2})$/.exec(zone.trim());
  if (!m) return undefined;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}
