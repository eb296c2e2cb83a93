# checks: service/sieve,mailbox/sieve-script
# about: the sieve service (timsieved, port 2000) is commented out of servera's cyrus.conf and cyrus restarted
. "$LAB_DIR/services/_groupware.sh"

fault_break() {
  grep -q '^[[:space:]]*sieve[[:space:]]' "$(lab_root servera)/etc/cyrus.conf" || return 0
  lab_edit_in_place "$(lab_root servera)/etc/cyrus.conf" 's/^(\s*sieve\s)/#$1/' && lab_service_restart servera cyrus
}

fault_heal() {
  if grep -q '^#[[:space:]]*sieve[[:space:]]' "$(lab_root servera)/etc/cyrus.conf"; then
    lab_edit_in_place "$(lab_root servera)/etc/cyrus.conf" 's/^#(\s*sieve\s)/$1/' && lab_service_restart servera cyrus
  else
    lab_service_in_ns servera cyrus status || lab_service_in_ns servera cyrus start
  fi
}
