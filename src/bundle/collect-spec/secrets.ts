// Files never copied (sos "forbidden"), only listed with their metadata: their whole content is a secret.
// isSecretOnly() is the last word for every path the collector is about to copy, whatever listed it.

export const SECRET_ONLY_GLOBS: readonly string[] = [
  '/etc/shadow',
  '/etc/gshadow',
  '/etc/shadow-',
  '/etc/gshadow-',
  '/etc/krb5.keytab',
  '/etc/*.keytab',
  '/etc/krb5.keytab.*',
  '/var/lib/imap/*.keytab',
  '/var/lib/cyrus/*.keytab',
  '/etc/httpd/*.keytab',
  '/etc/apache2/*.keytab',
  '/opt/open-xchange/etc/*.keytab',
  '/etc/sasldb2',
  '/etc/sasldb2.db',
  '/var/lib/imap/sasldb2',
  '/etc/postfix/sasl_passwd',
  '/etc/postfix/sasl_passwd.db',
  '/etc/postfix/sasl_passwd.lmdb',
  '/etc/pki/tls/private/*',
  '/etc/ssl/private/*',
  '/etc/postfix/*.key',
  '/etc/httpd/conf/ssl.key/*',
  '/etc/apache2/ssl/*.key',
  '/etc/ldap.secret',
  '/etc/pam_ldap.secret',
  '/etc/libnss-ldap.secret',
  '/opt/oxldapsync/etc/*.secret',
  '/opt/open-xchange/etc/mpasswd',
  '/opt/open-xchange/etc/admindaemon/mpasswd',
];

// By name, wherever the file is: keytabs, keys, sasl databases, password files, shadow.
const SECRET_NAME = new RegExp(
  String.raw`(?:^|\/)(?:[^/]*\.(?:keytab|key|secret|pw|pass|p12|pfx|jks|keystore)|krb5\.keytab[^/]*|` +
    String.raw`sasldb2(?:\.db)?|sasl_passwd[^/]*|[^/]*passw(?:or)?d[^/]*\.(?:db|txt|lmdb|cdb)|g?shadow-?|mpasswd|` +
    String.raw`\.pgpass|\.netrc|id_(?:rsa|dsa|ecdsa|ed25519))$`,
  'i',
);
// By place: private key directories.
const SECRET_DIR = /^\/etc\/(?:pki\/tls\/private|ssl\/private|httpd\/conf\/ssl\.key)\//;

export function isSecretOnly(path: string): boolean {
  return SECRET_NAME.test(path) || SECRET_DIR.test(path);
}

// A postfix table holding passwords (smtp_sasl_password_maps and the like): its source and its database.
export function isPasswordParam(param: string): boolean {
  return /passw(?:or)?d/i.test(param);
}
