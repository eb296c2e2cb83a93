# checks: postfix/handoffs
# about: server A's master.cf lost its :10025 smtpd line: the relay's relayhost [VIP]:10025 has no listener, so relayed mail defers on the relay
fault_break() {
  local cf; cf="$(lab_root servera)/etc/postfix/master.cf"
  grep -q '^:10025 ' "$cf" || return 0
  sed -i '/^:10025 /d' "$cf"
  lab_fault_postfix_reload servera
}
fault_heal() { lab_fault_postfix_restore servera master.cf; }
