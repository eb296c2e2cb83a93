# checks: queue/depth
# about: the Exchange stand-in is down and server A holds 120 deferred messages for Exchange users
fault_sender=backlog@lab.invalid
fault_break() {
  local i n
  lab_fault_stop exchange postfix
  n="$(lab_exec servera postqueue -j | grep -c "\"sender\": \"$fault_sender\"")"
  for i in $(seq $((n + 1)) 120); do
    printf 'Subject: backlog %s\n\nqueued while Exchange is down\n' "$i" |
      lab_exec servera sendmail -f "$fault_sender" exch01@example.com
  done
}
fault_heal() {
  lab_exec servera postqueue -j | sed -n "s/.*\"queue_id\": \"\([0-9A-F]*\)\".*\"sender\": \"$fault_sender\".*/\1/p" |
    lab_exec servera postsuper -d - >/dev/null 2>&1
  lab_fault_start exchange postfix
}
