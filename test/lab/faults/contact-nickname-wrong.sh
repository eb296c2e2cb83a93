# checks: routing/ldap-maps
# about: the forwarding contact of OX+Exchange user oxex01 has mailNickname oxex01.old (no such account)
fault_contact() {
  printf 'dn: CN=oxex01 (OX),OU=Contacts,%s\nchangetype: modify\nreplace: mailNickname\nmailNickname: %s\n' \
    "$LAB_BASE_DN" "$1" | lab_fault_ldapmodify
}
fault_break() { fault_contact oxex01.old; }
fault_heal() { fault_contact oxex01; }
