// Apache's configuration files of a host (RHEL httpd, Debian apache2), read in one command.
import { factKey, shared, type FactContext } from './context.js';
import { dumpFiles, type DumpedFile } from './file-dump.js';

export const APACHE_CONF_PATTERNS = [
  '/etc/httpd/conf/httpd.conf',
  '/etc/httpd/conf.d/*.conf',
  '/etc/apache2/apache2.conf',
  '/etc/apache2/httpd.conf',
  '/etc/apache2/conf-enabled/*.conf',
  '/etc/apache2/conf.d/*',
  '/etc/apache2/sites-enabled/*',
  '/etc/apache2/mods-enabled/*.conf',
];

export const APACHE_CONF_FACT = factKey<readonly DumpedFile[]>('apache-conf');

export function apacheConf(ctx: FactContext): Promise<readonly DumpedFile[]> {
  return shared(
    ctx,
    APACHE_CONF_FACT,
    () => dumpFiles(ctx, APACHE_CONF_PATTERNS, 'Apache config'),
    (f) => `${f.length} Apache config files`,
  );
}
