# cyrus-imapd 3.6 (Debian) on servera and serverb: IMAP 143, sieve 2000 (timsieved), LMTP on the unix socket
# postfix uses (/var/lib/imap/socket/lmtp) and over TCP 24 (lmtpd -a). Seed layout: /var/lib/imap,
# partition /var/spool/cyrus/mail. Users authenticate through saslauthd (Kerberos); the admin `cyrus` is in
# /etc/sasldb2 with its password in $LAB_SECRETS/cyrus-admin.pw. STARTTLS with a self-signed certificate;
# Kerberos (GSSAPI) logins with the host's imap/<fqdn> key.
# shellcheck shell=bash
. "$LAB_DIR/services/_groupware.sh"

CYRUS_BIN=/usr/lib/cyrus/bin
LAB_SECRET_CYRUS_ADMIN="$LAB_SECRETS/cyrus-admin.pw"

cyrus_prepare() {
  local host="$1" root d
  root="$(lab_root "$host")"
  lab_render_groupware "$host" /etc/imapd.conf || return 1
  lab_render_groupware "$host" /etc/cyrus.conf || return 1
  for d in db socket sieve proc log msg ptclient; do mkdir -p "$root/var/lib/imap/$d"; done
  mkdir -p "$root/var/spool/cyrus/mail/stage."
  chown -R cyrus:mail "$root/var/lib/imap" "$root/var/spool/cyrus"
  chmod 750 "$root/var/lib/imap" "$root/var/spool/cyrus"
  chmod 755 "$root/var/lib/imap/socket"
  lab_secret_ensure_shared "$LAB_SECRET_CYRUS_ADMIN"
  # The namespace is not up yet at prepare time: the file may be replaced.
  rm -f "$root/etc/sasldb2"
  lab_secret "$LAB_SECRET_CYRUS_ADMIN" | saslpasswd2 -p -c -f "$root/etc/sasldb2" -u "$(lab_fqdn "$host")" cyrus ||
    return 1
  chown cyrus:mail "$root/etc/sasldb2" && chmod 640 "$root/etc/sasldb2"
  cyrus_keytab "$host" "$root" || return 1
  # copyjunkfilter installs sieve scripts as the admin
  mkdir -p "$root/opt/open-xchange/etc"
  install -m 600 "$LAB_SECRET_CYRUS_ADMIN" "$root/opt/open-xchange/etc/cyrus-admin.secret"
}

# Kerberos logins (GSSAPI) to imapd: the service key of imap/<servername> from the KDC into a keytab of the
# host that cyrus master reads through KRB5_KTNAME (cyrus_start).
CYRUS_KEYTAB=/var/lib/imap/imap.keytab
cyrus_keytab() {
  local host="$1" root="$2" principal tmp
  principal="imap/$(lab_fqdn "$host")@$LAB_REALM"
  tmp="/tmp/imap-$host.keytab"
  lab_exec ad kadmin.local -q "addprinc -randkey $principal" >/dev/null 2>&1
  lab_exec ad rm -f "$tmp"
  lab_exec ad kadmin.local -q "ktadd -k $tmp $principal" >/dev/null ||
    { lab_say "lab: cyrus: cannot export $principal from the KDC"; return 1; }
  cp "$(lab_root ad)$tmp" "$root$CYRUS_KEYTAB" && chown cyrus:mail "$root$CYRUS_KEYTAB" && chmod 600 "$root$CYRUS_KEYTAB"
  lab_exec ad rm -f "$tmp"
}

# Ready when every service of cyrus.conf listens (the sieve-down fault comments sieve out).
cyrus_ready() {
  lab_port_listening "$ADDR" 143 && lab_port_listening "$ADDR" 24 && test -S /var/lib/imap/socket/lmtp || return 1
  if grep -q '^[[:space:]]*sieve[[:space:]]' /etc/cyrus.conf; then lab_port_listening "$ADDR" 2000; fi
}

# STARTTLS: a self-signed certificate for the host's FQDN and address (no CA signs lab hosts), and the
# imapd.conf lines naming it; idempotent, so lab trees prepared before STARTTLS existed get it too.
CYRUS_TLS_DIR=/var/lib/imap/tls
cyrus_ensure_tls() {
  if [ ! -s "$CYRUS_TLS_DIR/server.crt" ] || [ ! -s "$CYRUS_TLS_DIR/server.key" ]; then
    mkdir -p "$CYRUS_TLS_DIR"
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=$FQDN" \
      -addext "subjectAltName=DNS:$FQDN,IP:$ADDR" \
      -keyout "$CYRUS_TLS_DIR/server.key" -out "$CYRUS_TLS_DIR/server.crt" >/dev/null 2>&1 || return 1
    chown -R cyrus:mail "$CYRUS_TLS_DIR" && chmod 700 "$CYRUS_TLS_DIR" && chmod 600 "$CYRUS_TLS_DIR/server.key"
  fi
  grep -q '^tls_server_cert:' /etc/imapd.conf && return 0
  printf '%s\n' '# STARTTLS with the lab'"'"'s self-signed certificate (services/cyrus.sh)' \
    "tls_server_cert: $CYRUS_TLS_DIR/server.crt" "tls_server_key: $CYRUS_TLS_DIR/server.key" >>/etc/imapd.conf
}

cyrus_start() {
  mkdir -p /run/cyrus/proc /run/cyrus/lock && chown -R cyrus:mail /run/cyrus
  cyrus_ensure_tls || { lab_say "cyrus: no TLS certificate (openssl failed)"; return 1; }
  rm -f /run/cyrus/master.pid
  KRB5_KTNAME="FILE:$CYRUS_KEYTAB" "$CYRUS_BIN/master" -C /etc/imapd.conf -M /etc/cyrus.conf -p /run/cyrus/master.pid -d \
    </dev/null >>/var/log/cyrus-master.log 2>&1 || { lab_fail_with_log cyrus /var/log/maillog; return 1; }
  lab_wait 10 cyrus_ready || { lab_fail_with_log cyrus /var/log/maillog; return 1; }
  # Mailboxes of the test users exist from the start, with the seed's cron jobs' effect already applied
  # (Sent Items carry `anyone p`, the default sieve script is active).
  ADMIN_PASSWORD="$(lab_secret "$LAB_SECRET_CYRUS_ADMIN")" /usr/bin/python3 "$LAB_DIR/services/_cyrus_first_login.py" \
    "$ADDR" $LAB_TEST_USERS $LAB_DISABLED_USER $LAB_EXPIRED_USER $LAB_KIND_MAILBOX_USERS || return 1
  [ -x /opt/open-xchange/sbin/setpostacl ] && /opt/open-xchange/sbin/setpostacl
  [ -x /opt/open-xchange/sbin/copyjunkfilter ] && /opt/open-xchange/sbin/copyjunkfilter
  return 0
}

cyrus_stop() { lab_kill_pidfile /run/cyrus/master.pid; }

cyrus_status() { lab_pid_alive /run/cyrus/master.pid && cyrus_ready; }
