// Kerberos: krb5.conf, and of each keytab only its principals and key versions (`klist -k`, never -K: no keys).
import { COMMAND, CONFIG, type ComponentSpec } from './types.js';

export const KEYTABS = ['/etc/krb5.keytab', '/etc/*.keytab', '/var/lib/imap/*.keytab', '/var/lib/cyrus/*.keytab'];

export const KERBEROS: ComponentSpec = {
  name: 'kerberos',
  title: 'Kerberos',
  guard: { kind: 'anyPath', paths: ['/etc/krb5.conf', ...KEYTABS] },
  items: [
    { kind: 'files', ...CONFIG, paths: ['/etc/krb5.conf', '/etc/krb5.conf.d/*'] },
    { kind: 'metadata', paths: KEYTABS, timeoutMs: 10_000 },
    // RHEL5 keeps MIT's tools in /usr/kerberos/bin, off the PATH of a non-login shell
    {
      kind: 'command',
      ...COMMAND,
      name: 'keytab-principals',
      forEach: KEYTABS,
      argv: ['sh', '-c', 'PATH=$PATH:/usr/kerberos/bin; klist -k -t "$1"', 'klist', '{path}'],
    },
  ],
};
