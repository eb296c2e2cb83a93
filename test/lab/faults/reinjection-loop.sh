# checks: postfix/relay-filter
# about: the relay's 127.0.0.1:10025 re-injection service got a content_filter to amavis: scanned mail loops back to amavis
fault_break() {
  sed -i '/^127\.0\.0\.1:10025 /a\  -o content_filter=smtp-amavis:[127.0.0.1]:10024' "$(lab_root relay)/etc/postfix/master.cf"
  lab_fault_postfix_reload relay
}
fault_heal() { lab_fault_postfix_restore relay master.cf; }
