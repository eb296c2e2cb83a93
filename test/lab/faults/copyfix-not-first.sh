# checks: postfix/archive-copy
# about: on server B pcre:/etc/postfix/copyfix is no longer the first virtual_alias_maps entry
fault_break() {
  lab_exec serverb postconf -e 'virtual_alias_maps = ldap:/etc/postfix/adlocalrecipients ldap:/etc/postfix/exchrecipients pcre:/etc/postfix/copyfix'
  lab_fault_postfix_reload serverb
}
fault_heal() { lab_fault_postfix_restore serverb main.cf; }
