// Temporary directory trees laid out like the seed's hosts (RHEL5) and like a Debian host.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface FixtureTree {
  readonly root: string;
  write(path: string, text: string, mode?: number): void;
  remove(): void;
}

export function fixtureTree(files: Readonly<Record<string, string>> = {}): FixtureTree {
  const root = mkdtempSync(join(tmpdir(), 'oxdoctor-host-'));
  const tree: FixtureTree = {
    root,
    write(path, text, mode) {
      const full = join(root, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, text);
      if (mode !== undefined) chmodSync(full, mode);
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
  mkdirSync(join(root, 'bin'), { recursive: true });
  for (const [path, text] of Object.entries(files)) tree.write(path, text);
  return tree;
}

export const SEED_KRB5 = `[libdefaults]
 default_realm = AD.EXAMPLE.COM
[realms]
 AD.EXAMPLE.COM = {
  kdc = 172.18.224.27:88
  admin_server = 172.18.224.27:749
 }
`;

export const ADLOCALRECIPIENTS = `server_host = ldap://172.18.16.21:389
search_base = DC=example,DC=com
version = 3
bind = yes
bind_dn = CN=svc-postfix,OU=Service,DC=example,DC=com
bind_pw = s3cret pass with spaces
query_filter =
  (&(objectclass=contact)(mail=*@oxmail.example.com)(proxyaddresses=smtp:%s@*))
result_attribute = mailNickname
`;

// Server B of the seed on RHEL5: postfix with copyfix and copycleanup, cyrus, OX6, oxldapsync.
export function rhelServerB(): FixtureTree {
  return fixtureTree({
    '/etc/postfix/main.cf': `myhostname = oxmail.example.com
relayhost = [172.18.254.25]
virtual_alias_maps = pcre:/etc/postfix/copyfix ldap:/etc/postfix/adlocalrecipients
  ldap:/etc/postfix/exchrecipients
local_recipient_maps = proxy:unix:passwd.byname $alias_maps
`,
    '/etc/postfix/master.cf': `smtp inet n - n - - smtpd
  -o content_filter=procmail:procmail
:10026 inet n - n - - smtpd
  -o cleanup_service_name=copycleanup
copycleanup unix n - n - 0 cleanup
  -o virtual_alias_maps=ldap:/etc/postfix/adcopyfix
`,
    '/etc/postfix/adlocalrecipients': ADLOCALRECIPIENTS,
    '/etc/postfix/exchrecipients': `server_host = 172.18.16.21
search_base = DC=example,DC=com
query_filter = (&(objectclass=user)(|(mail=%s)(proxyaddresses=smtp:%s)))
result_attribute = mail
`,
    '/etc/krb5.conf': SEED_KRB5,
    '/etc/imapd.conf': 'configdirectory: /var/lib/imap\nunixhierarchysep: 1\n',
    '/etc/cyrus.conf': `SERVICES {
  imap  cmd="imapd" listen="imap" prefork=5
  sieve cmd="timsieved" listen="sieve" prefork=0
  lmtpunix cmd="lmtpd" listen="/var/lib/imap/socket/lmtp" prefork=1
}
`,
    '/etc/services': 'imap\t\t143/tcp\t\timap2\nsieve\t\t2000/tcp\n',
    '/opt/open-xchange/etc/groupware/system.properties': 'x=1\n',
    '/opt/oxldapsync/etc/ldapsync-ads.conf': 'ldapuri=ldap://172.18.16.21\n',
  });
}

// The seed's relay on RHEL5: postfix handing mail to amavis, amavisd.conf in /etc/amavisd.
export function rhelRelay(): FixtureTree {
  return fixtureTree({
    '/etc/postfix/main.cf': 'myhostname = oxmail.example.com\nrelayhost = [192.168.109.113]:10025\n',
    '/etc/postfix/master.cf': `smtp inet n - n - - smtpd
  -o content_filter=smtp-amavis:[127.0.0.1]:10024
smtp-amavis unix - - n - 2 smtp
127.0.0.1:10025 inet n - n - - smtpd
`,
    '/etc/amavisd/amavisd.conf': '$inet_socket_port = 10024;\n',
  });
}

// A Debian groupware host: Debian's cyrus layout, OX 7 layout, krb5.conf, no ldap maps.
export function debianGroupware(): FixtureTree {
  return fixtureTree({
    '/etc/postfix/main.cf': 'myhostname = mail.example.org\nmailbox_transport = lmtp:unix:/run/cyrus/socket/lmtp\n',
    '/etc/postfix/master.cf': 'smtp      inet  n       -       y       -       -       smtpd\n',
    '/etc/imapd.conf': 'configdirectory: /var/lib/cyrus\n',
    '/etc/cyrus.conf':
      'SERVICES {\n  imap cmd="imapd -U 30" listen="imap" prefork=0\n  sieve cmd="timsieved" listen="localhost:sieve"\n}\n',
    '/etc/services': 'sieve\t\t4190/tcp\n',
    '/etc/krb5.conf':
      '[libdefaults]\n default_realm = EXAMPLE.ORG\n[realms]\n EXAMPLE.ORG = {\n  kdc = kdc1.example.org\n  kdc = kdc2.example.org:88\n }\n',
    '/opt/open-xchange/etc/system.properties': 'x=1\n',
  });
}
