// The LDAP client configuration (nss/pam ldap, OpenLDAP's ldap.conf in RHEL and Debian places).
import { CONFIG, type ComponentSpec } from './types.js';

const LDAP_CONFS = [
  '/etc/ldap.conf',
  '/etc/openldap/ldap.conf',
  '/etc/ldap/ldap.conf',
  '/etc/nslcd.conf',
  '/etc/pam_ldap.conf',
  '/etc/libnss-ldap.conf',
  '/etc/sssd/sssd.conf',
];

export const LDAP_CLIENT: ComponentSpec = {
  name: 'ldap-client',
  title: 'LDAP client',
  guard: { kind: 'anyPath', paths: LDAP_CONFS },
  items: [
    { kind: 'files', ...CONFIG, paths: LDAP_CONFS },
    {
      kind: 'metadata',
      paths: ['/etc/ldap.secret', '/etc/pam_ldap.secret', '/etc/libnss-ldap.secret'],
      timeoutMs: 10_000,
    },
  ],
};
