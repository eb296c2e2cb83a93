# checks: routing/ldap-maps
# about: server A's LDAP maps (adlocalrecipients, exchrecipients) carry a wrong bind_pw: the binds fail (rc 49)
fault_break() {
  local f
  for f in adlocalrecipients exchrecipients; do
    sed -i 's/^bind_pw = .*/bind_pw = not-the-password/' "$(lab_root servera)/etc/postfix/$f"
  done
  lab_fault_postfix_reload servera
}
fault_heal() { lab_fault_postfix_restore servera adlocalrecipients exchrecipients; }
