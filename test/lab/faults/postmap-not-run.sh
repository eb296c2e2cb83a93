# checks: postfix/map-freshness
# about: server A's /etc/postfix/transport was edited after its last postmap: transport.db is older than the source
fault_break() {
  local f
  f="$(lab_root servera)/etc/postfix/transport"
  grep -q '^example.net ' "$f" || printf 'example.net smtp:[%s]:25\n' "$LAB_EXCHANGE" >>"$f"
  touch -d '+2 seconds' "$f"
}
fault_heal() {
  lab_fault_postfix_restore servera transport || return 1
  lab_exec servera postmap hash:/etc/postfix/transport
}
