// amavis and clamav, in RHEL (/etc/amavisd, /etc/clamd.d) and Debian (/etc/amavis/conf.d, /etc/clamav) paths.
import { COMMAND, CONFIG, type ComponentSpec } from './types.js';

const AMAVIS_CONFS = [
  '/etc/amavisd/amavisd.conf',
  '/etc/amavisd.conf',
  '/etc/amavis/conf.d/*',
  '/etc/amavis/amavisd.conf',
  '/etc/sysconfig/amavisd',
  '/etc/default/amavis',
];

export const AMAVIS: ComponentSpec = {
  name: 'amavis',
  title: 'amavisd-new',
  guard: { kind: 'anyPath', paths: AMAVIS_CONFS },
  items: [{ kind: 'files', ...CONFIG, paths: AMAVIS_CONFS }],
};

const CLAMAV_CONFS = [
  '/etc/clamd.conf',
  '/etc/clamd.d/*.conf',
  '/etc/freshclam.conf',
  '/etc/clamav/clamd.conf',
  '/etc/clamav/freshclam.conf',
  '/etc/sysconfig/clamd*',
];

export const CLAMAV: ComponentSpec = {
  name: 'clamav',
  title: 'ClamAV',
  guard: { kind: 'anyPath', paths: CLAMAV_CONFS },
  items: [
    { kind: 'files', ...CONFIG, paths: CLAMAV_CONFS },
    // signature files and their age (RHEL5 EPEL: /var/clamav; Debian: /var/lib/clamav)
    {
      kind: 'command',
      ...COMMAND,
      name: 'signatures',
      argv: ['sh', '-c', 'LC_ALL=C ls -l /var/lib/clamav /var/clamav 2>&1; exit 0'],
    },
    {
      kind: 'command',
      ...COMMAND,
      name: 'clamd-version',
      guard: { kind: 'command', name: 'clamd' },
      argv: ['clamd', '-V'],
    },
  ],
};
