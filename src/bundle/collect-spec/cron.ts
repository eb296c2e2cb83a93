// cron: the system and user crontabs (RHEL /var/spool/cron, Debian /var/spool/cron/crontabs) and the seed's
// OX housekeeping scripts they run; their -P arguments are redacted by the cron rules.
import { CONFIG, type ComponentSpec } from './types.js';

export const CRON: ComponentSpec = {
  name: 'cron',
  title: 'cron',
  guard: { kind: 'always' },
  items: [
    {
      kind: 'files',
      ...CONFIG,
      paths: [
        '/etc/crontab',
        '/etc/cron.d/*',
        '/var/spool/cron/*',
        '/var/spool/cron/crontabs/*',
        '/etc/cron.daily/*',
        '/etc/cron.hourly/*',
        '/opt/open-xchange/sbin/setpostacl',
        '/opt/open-xchange/sbin/purgit',
        '/opt/open-xchange/sbin/copyjunkfilter',
        '/opt/open-xchange/sbin/oxsync',
        '/bin/purgit',
      ],
    },
  ],
};
