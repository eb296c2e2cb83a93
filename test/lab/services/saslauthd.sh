# saslauthd -a kerberos5: cyrus checks user passwords against the lab KDC (realm AD.EXAMPLE.COM), as the
# seed's servers do with pam_krb5 "validate": a wrong, expired or disabled password fails IMAP login.
# saslauthd verifies each TGT against the host's key (host/<fqdn>), so prepare puts that principal into a
# keytab of the host, made with kadmin.local in the AD host.
# shellcheck shell=bash
. "$LAB_DIR/services/_groupware.sh"

saslauthd_paths() { echo /etc/saslauthd; }

saslauthd_prepare() {
  local host="$1" fqdn keytab
  fqdn="$(lab_fqdn "$host")"
  keytab="$(lab_root "$host")/etc/saslauthd/krb5.keytab"
  mkdir -p "$(dirname "$keytab")"
  lab_exec ad kadmin.local -q "addprinc -randkey host/$fqdn@$LAB_REALM" >/dev/null 2>&1
  lab_exec ad rm -f "/tmp/$host.keytab"
  lab_exec ad kadmin.local -q "ktadd -k /tmp/$host.keytab host/$fqdn@$LAB_REALM" >/dev/null ||
    { lab_say "lab: saslauthd: cannot export host/$fqdn from the KDC"; return 1; }
  cp "$(lab_root ad)/tmp/$host.keytab" "$keytab" && chmod 600 "$keytab"
  lab_exec ad rm -f "/tmp/$host.keytab"
}

saslauthd_start() {
  mkdir -p /run/saslauthd && chmod 755 /run/saslauthd
  rm -f /run/saslauthd/saslauthd.pid
  KRB5_KTNAME=FILE:/etc/saslauthd/krb5.keytab /usr/sbin/saslauthd -a kerberos5 -m /run/saslauthd -n 2 \
    </dev/null >>/var/log/saslauthd.log 2>&1 || { lab_fail_with_log saslauthd /var/log/saslauthd.log; return 1; }
  lab_wait 5 test -S /run/saslauthd/mux || lab_fail_with_log saslauthd /var/log/saslauthd.log
}

saslauthd_stop() { lab_kill_pidfile /run/saslauthd/saslauthd.pid; }

saslauthd_status() { lab_pid_alive /run/saslauthd/saslauthd.pid && test -S /run/saslauthd/mux; }
