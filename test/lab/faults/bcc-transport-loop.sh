# checks: postfix/archive-copy
# about: the relay's smtpcopy transport lost its own myhostname, so it greets server B with B's own name
# (postfix 2.3 of the seed bounces "loops back to myself"; postfix 3.x checks loops on port 25 only)
fault_break() {
  sed -i '/^smtpcopy /,/^[^ ]/{/-o myhostname=archive.example.com/d}' "$(lab_root relay)/etc/postfix/master.cf"
  lab_fault_postfix_reload relay
}
fault_heal() { lab_fault_postfix_restore relay master.cf; }
