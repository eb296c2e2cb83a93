# checks: mailbox/sent-acl,mailbox/sent-acl-sweep,cron/ox-jobs
# about: setpostacl's cron line is gone on servera and serverb and every Sent Items lost `anyone p`: archive copies silently land in INBOX
. "$LAB_DIR/services/_groupware.sh"

# Removes the anyone entry from the ACL of every user's Sent Items, the reverse of setpostacl's edit. Each
# dump line is `"NAME": {JSON},`: the JSON is decoded and encoded again (JSON::PP, a core module), so the
# edit holds wherever cyrus put "anyone" in the object (last, once a folder was recreated or SETACL'd).
sent_acl_strip() {
  lab_exec "$1" bash -c '
    CTL=/usr/lib/cyrus/bin/ctl_mboxlist; f=/var/lib/imap/mailboxdump.fault
    su -s /bin/sh cyrus -c "$CTL -d > $f" &&
    perl -MJSON::PP -pi -e '\''
      if (/^("user\.[^".]+\.Sent Items"): (\{.*\})(,?)\s*$/) {
        my ($name, $json, $comma) = ($1, $2, $3);
        my $box = JSON::PP->new->decode($json);
        delete $box->{acl}{anyone};
        $_ = "$name: " . JSON::PP->new->canonical->encode($box) . "$comma\n";
      }'\'' $f &&
    su -s /bin/sh cyrus -c "$CTL -u < $f"; rc=$?; rm -f $f; exit $rc'
}

fault_break() {
  local h
  for h in servera serverb; do
    lab_edit_in_place "$(lab_root "$h")/etc/cron.d/ox" 's{^(\*/5 .*/setpostacl .*)$}{#$1}' || return 1
    sent_acl_strip "$h" || return 1
  done
}

fault_heal() {
  local h
  for h in servera serverb; do
    lab_edit_in_place "$(lab_root "$h")/etc/cron.d/ox" 's{^#(\*/5 .*/setpostacl .*)$}{$1}' || return 1
    lab_exec "$h" /opt/open-xchange/sbin/setpostacl || return 1
  done
}
