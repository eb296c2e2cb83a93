// Apache: the main config and the OX and AJP confs (RHEL httpd, Debian apache2), and its virtual host view.
import { COMMAND, CONFIG, type ComponentSpec } from './types.js';

const APACHE_CONFS = [
  '/etc/httpd/conf/httpd.conf',
  '/etc/httpd/conf.d/*.conf',
  '/etc/httpd/conf.modules.d/*.conf',
  '/etc/apache2/apache2.conf',
  '/etc/apache2/ports.conf',
  '/etc/apache2/conf-enabled/*',
  '/etc/apache2/conf.d/*',
  '/etc/apache2/sites-enabled/*',
  '/etc/apache2/mods-enabled/proxy*.conf',
  '/etc/apache2/mods-enabled/*.load',
];

export const APACHE: ComponentSpec = {
  name: 'apache',
  title: 'Apache',
  guard: { kind: 'anyPath', paths: ['/etc/httpd/conf/httpd.conf', '/etc/apache2/apache2.conf'] },
  items: [
    { kind: 'files', ...CONFIG, paths: APACHE_CONFS },
    {
      kind: 'command',
      ...COMMAND,
      name: 'vhosts',
      argv: ['sh', '-c', 'apache2ctl -S 2>&1 || apachectl -S 2>&1 || httpd -S 2>&1; exit 0'],
    },
  ],
};
