// Open-Xchange: groupware and admin properties (OX6 etc/groupware and etc/admindaemon, OX7 etc/), and a
// listuser summary, the admin password in ADMIN_PASSWORD (the environment), never -P.
import { BIG_COMMAND, CONFIG, type ComponentSpec } from './types.js';

const OX_MARKERS = [
  '/opt/open-xchange/etc/groupware/system.properties',
  '/opt/open-xchange/etc/system.properties',
  '/opt/open-xchange/etc/configdb.properties',
  '/opt/open-xchange/etc/groupware/configdb.properties',
  '/opt/open-xchange/sbin/listuser',
];

// The header (column names, or the error) and the number of users: not every user's row, which the sweep's
// own checks read. Nothing is written on the host (no temporary file): awk counts the stream.
const LISTUSER_SUMMARY =
  '/opt/open-xchange/sbin/listuser -c "$1" -A "$2" --csv 2>&1 | ' +
  'awk \'NR == 1 { print } END { print "users " NR - 1 }\'';

export const OX: ComponentSpec = {
  name: 'ox',
  title: 'Open-Xchange',
  guard: { kind: 'anyPath', paths: OX_MARKERS },
  items: [
    {
      kind: 'files',
      ...CONFIG,
      paths: [
        '/opt/open-xchange/etc/*.properties',
        '/opt/open-xchange/etc/*/*.properties',
        '/opt/open-xchange/etc/*/plugin/*.properties',
        '/opt/open-xchange/etc/*.yml',
        '/opt/open-xchange/etc/*.ccf',
        '/opt/open-xchange/etc/*/*.ccf',
        '/opt/open-xchange/etc/groupware/Open-Xchange.script',
        '/opt/open-xchange/etc/*.script',
      ],
    },
    {
      kind: 'metadata',
      paths: ['/opt/open-xchange/etc/mpasswd', '/opt/open-xchange/etc/*/mpasswd'],
      timeoutMs: 10_000,
    },
    {
      kind: 'command',
      ...BIG_COMMAND,
      name: 'listuser-summary',
      guard: { kind: 'anyPath', paths: ['/opt/open-xchange/sbin/listuser'] },
      needs: ['oxContext', 'oxAdmin'],
      env: { ADMIN_PASSWORD: 'oxAdminPassword' },
      argv: ['sh', '-c', LISTUSER_SUMMARY, 'listuser', '{oxContext}', '{oxAdmin}'],
    },
  ],
};
