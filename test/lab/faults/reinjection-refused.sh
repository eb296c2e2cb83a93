# checks: postfix/handoffs
# about: server A's :10025 listener no longer accepts the relay: its -o mynetworks=127.0.0.1/32 drops the relay's address and -o smtpd_client_restrictions=permit_mynetworks,reject refuses it, so relayed mail defers on the relay
fault_break() {
  local cf; cf="$(lab_root servera)/etc/postfix/master.cf"
  grep -q '^  -o mynetworks=127\.0\.0\.1/32$' "$cf" && return 0
  sed -i '/^:10025 /a\  -o smtpd_client_restrictions=permit_mynetworks,reject\n  -o mynetworks=127.0.0.1/32' "$cf"
  lab_fault_postfix_reload servera
}
fault_heal() { lab_fault_postfix_restore servera master.cf; }
