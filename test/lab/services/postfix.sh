# postfix: a private instance per host (its own /etc/postfix, queue and data directory, every service chroot n),
# configured from the seed: relay, server A, server B, and the Exchange stand-in.
# shellcheck shell=bash

postfix_paths() { echo /var/mail/exchange; }

# main.cf and master.cf are the lab plumbing (data/postfix-*-base.cf) followed by the host's seed settings.
postfix_prepare() {
  local host="$1" root pf f
  root="$(lab_root "$host")"; pf="$root/etc/postfix"
  lab_render_tree "$host" /etc/postfix || return 1
  for f in main.cf master.cf; do
    { cat "$LAB_DIR/data/postfix-${f%.cf}-base.cf"; cat "$pf/$f"; } >"$pf/$f.new"
    cat "$pf/$f.new" >"$pf/$f" && rm -f "$pf/$f.new"
  done
  rm -f "$pf"/main.cf.proto "$pf"/master.cf.proto "$pf/makedefs.out"
  for f in "$pf"/*; do
    grep -q '^bind_pw' "$f" 2>/dev/null && { chown root:postfix "$f"; chmod 640 "$f"; }
  done
  [ -s "$pf/lab-tls.key" ] || openssl req -x509 -nodes -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
    -days 3650 -subj "/CN=oxmail.example.com" -keyout "$pf/lab-tls.key" -out "$pf/lab-tls.pem" 2>/dev/null
  chmod 600 "$pf/lab-tls.key"
  [ -f "$pf/ssmtp" ] && chmod 755 "$pf/ssmtp"
  [ -f "$pf/transport" ] && postmap "hash:$pf/transport"
  printf 'postmaster: root\nroot: oxadmin@example.com\n' >"$root/etc/aliases"
  postalias "hash:$root/etc/aliases"
  mkdir -p "$root/var/mail/exchange" && chown mail:mail "$root/var/mail/exchange"
}

postfix_answers() { bash -c "exec 3<>/dev/tcp/$ADDR/25" 2>/dev/null; }

postfix_start() {
  chown postfix:postfix /var/lib/postfix
  postfix start >/var/log/postfix-start.log 2>&1 || { lab_fail_with_log postfix /var/log/postfix-start.log; return 1; }
  lab_wait 10 postfix_answers || lab_fail_with_log postfix /var/log/maillog
}

postfix_stop() {
  local pidfile=/var/spool/postfix/pid/master.pid
  postfix stop >/dev/null 2>&1
  lab_wait 5 bash -c "! kill -0 \$(cat $pidfile 2>/dev/null) 2>/dev/null"
  lab_kill_pidfile "$pidfile"
}

postfix_status() { postfix status >/dev/null 2>&1 && postfix_answers; }
