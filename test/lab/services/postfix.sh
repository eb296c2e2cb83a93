# postfix: a private instance per host (its own /etc/postfix, queue and data directory, every service chroot n),
# configured from the seed: relay, server A, server B, and the Exchange stand-in.
# shellcheck shell=bash

postfix_paths() { echo /var/mail/exchange; }

# Writes one file of a host's /etc/postfix from its template, exactly as prepare does (faults heal with it).
# main.cf and master.cf are the lab plumbing (data/postfix-*-base.cf) followed by the host's seed settings.
postfix_render_file() {
  local host="$1" name="$2" pf out
  pf="$(lab_root "$host")/etc/postfix"
  lab_render "$LAB_DIR/hosts/$host/files/etc/postfix/$name" "$pf/$name" || return 1
  case "$name" in
    main.cf|master.cf)
      out="$(cat "$LAB_DIR/data/postfix-${name%.cf}-base.cf" "$pf/$name")"
      printf '%s\n' "$out" >"$pf/$name" ;;
  esac
  if grep -q '^bind_pw' "$pf/$name"; then chown root:postfix "$pf/$name"; chmod 640 "$pf/$name"; fi
}

postfix_prepare() {
  local host="$1" root pf f
  root="$(lab_root "$host")"; pf="$root/etc/postfix"
  lab_render_tree "$host" /etc/postfix || return 1
  for f in main.cf master.cf; do postfix_render_file "$host" "$f" || return 1; done
  rm -f "$pf"/main.cf.proto "$pf"/master.cf.proto "$pf/makedefs.out"
  for f in "$pf"/*; do
    grep -q '^bind_pw' "$f" 2>/dev/null && { chown root:postfix "$f"; chmod 640 "$f"; }
  done
  [ -s "$pf/lab-tls.key" ] || openssl req -x509 -nodes -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
    -days 3650 -subj "/CN=oxmail.example.com" -keyout "$pf/lab-tls.key" -out "$pf/lab-tls.pem" 2>/dev/null
  chmod 600 "$pf/lab-tls.key"
  [ -f "$pf/ssmtp" ] && chmod 755 "$pf/ssmtp"
  # -c: the host's own main.cf (a fresh machine has none of its own for postmap to read). Before the host's
  # namespace exists: postalias replaces aliases.db, which the host later bind-mounts.
  [ -f "$pf/transport" ] && postmap -c "$pf" "hash:$pf/transport"
  printf 'postmaster: root\nroot: oxadmin@example.com\n' >"$root/etc/aliases"
  postalias -c "$pf" "hash:$root/etc/aliases"
  mkdir -p "$root/var/mail/exchange" && chown mail:mail "$root/var/mail/exchange"
}

postfix_answers() { bash -c "exec 3<>/dev/tcp/$ADDR/25" 2>/dev/null; }

postfix_start() {
  chown postfix:postfix /var/lib/postfix
  # As on the seed's servers: postfix's lmtp client reaches cyrus' socket under /var/lib/imap (cyrus:mail 750).
  id -nG postfix | grep -qw mail || usermod -a -G mail postfix
  postfix start >/var/log/postfix-start.log 2>&1 || { lab_fail_with_log postfix /var/log/postfix-start.log; return 1; }
  lab_wait 10 postfix_answers || lab_fail_with_log postfix /var/log/maillog
}

postfix_master_gone() { ! lab_pid_alive /var/spool/postfix/pid/master.pid; }

postfix_stop() {
  local pidfile=/var/spool/postfix/pid/master.pid
  postfix stop >/dev/null 2>&1
  lab_wait 5 postfix_master_gone || true
  lab_kill_pidfile "$pidfile"
}

postfix_status() { postfix status >/dev/null 2>&1 && postfix_answers; }
