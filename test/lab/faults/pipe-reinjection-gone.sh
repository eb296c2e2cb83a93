# checks: postfix/pipeline
# about: server A's localhost:11025 listener is commented out of master.cf: procmail's ssmtp cannot hand mail back, mail from port 25 is lost
. "$LAB_DIR/services/_groupware.sh"

a_listens_11025() { lab_port_listening 127.0.0.1 11025; }
a_closed_11025() { ! lab_port_listening 127.0.0.1 11025; }

fault_break() {
  # The service line and its -o continuation lines; "#127..." no longer matches, so a second break changes nothing.
  sed -i -e '/^127\.0\.0\.1:11025[[:space:]]/{s/^/#/;:a' -e 'n;/^[[:space:]]/{s/^/#/;ba' -e '}}' \
    "$(lab_root servera)/etc/postfix/master.cf"
  lab_fault_postfix_reload servera
  # postfix reload returns before master drops the listener: mail sent at once would still come back.
  lab_wait 10 a_closed_11025
}
fault_heal() {
  lab_fault_postfix_restore servera master.cf || return 1
  lab_wait 10 a_listens_11025
}
