// SASL and PAM: the PAM stacks of imap, pop, sieve and smtp, saslauthd's options and the SASL app confs.
import { CONFIG, type ComponentSpec } from './types.js';

export const SASL_PAM: ComponentSpec = {
  name: 'sasl-pam',
  title: 'SASL and PAM',
  guard: { kind: 'always' },
  items: [
    {
      kind: 'files',
      ...CONFIG,
      paths: [
        '/etc/pam.d/imap',
        '/etc/pam.d/pop',
        '/etc/pam.d/sieve',
        '/etc/pam.d/smtp*',
        '/etc/pam.d/system-auth',
        '/etc/pam.d/common-auth',
        '/etc/sysconfig/saslauthd',
        '/etc/default/saslauthd',
        '/etc/saslauthd.conf',
        '/etc/sasl2/*.conf',
        '/usr/lib/sasl2/*.conf',
        '/usr/lib64/sasl2/*.conf',
        '/etc/postfix/sasl/*.conf',
      ],
    },
  ],
};
