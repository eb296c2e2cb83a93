# checks: postfix/pipeline
# about: server A's /etc/postfix/procmailrc is gone: the procmail pipe of port 25 fails and mail from port 25 is deferred
fault_break() { rm -f "$(lab_root servera)/etc/postfix/procmailrc"; }
fault_heal() {
  lab_fault_postfix_restore servera procmailrc || return 1
  # Mail deferred while it was missing goes on at once.
  lab_exec servera postqueue -f >/dev/null 2>&1
}
