// Where the logs go: syslog/rsyslog and logrotate configuration.
import { CONFIG, type ComponentSpec } from './types.js';

export const SYSLOG: ComponentSpec = {
  name: 'syslog',
  title: 'syslog and logrotate',
  guard: { kind: 'always' },
  items: [
    {
      kind: 'files',
      ...CONFIG,
      paths: [
        '/etc/syslog.conf',
        '/etc/sysconfig/syslog',
        '/etc/rsyslog.conf',
        '/etc/rsyslog.d/*.conf',
        '/etc/syslog-ng/syslog-ng.conf',
        '/etc/logrotate.conf',
        '/etc/logrotate.d/*',
      ],
    },
  ],
};
