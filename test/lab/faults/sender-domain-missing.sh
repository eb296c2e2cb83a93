# checks: postfix/sent-copy
# about: server A's archive_sentmail lost its example.org line: sent mail of example.org users gets no archive copy
fault_break() {
  sed -i '/@example\.org\$/d' "$(lab_root servera)/etc/postfix/archive_sentmail"
  lab_fault_postfix_reload servera
}
fault_heal() { lab_fault_postfix_restore servera archive_sentmail; }
