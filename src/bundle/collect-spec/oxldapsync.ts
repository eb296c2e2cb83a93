// oxldapsync: its confs and mapping files, the bind password file by metadata only, the tail of its log.
import { COMMAND, CONFIG, type ComponentSpec } from './types.js';

export const OXLDAPSYNC: ComponentSpec = {
  name: 'oxldapsync',
  title: 'oxldapsync',
  guard: { kind: 'anyPath', paths: ['/opt/oxldapsync/etc', '/opt/oxldapsync/sbin/oxldapsync.pl'] },
  items: [
    { kind: 'files', ...CONFIG, paths: ['/opt/oxldapsync/etc/*.conf', '/opt/oxldapsync/etc/*.map*'] },
    { kind: 'metadata', paths: ['/opt/oxldapsync/etc/*.secret', '/opt/oxldapsync/etc/*.pw'], timeoutMs: 10_000 },
    // the logs item takes the log within --since; this is its last runs whatever --since says
    {
      kind: 'command',
      ...COMMAND,
      name: 'log-tail',
      guard: { kind: 'anyPath', paths: ['/var/log/oxldapsync.log'] },
      argv: ['tail', '-n', '2000', '/var/log/oxldapsync.log'],
    },
  ],
};
