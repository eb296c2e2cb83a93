# clamd on the relay with a tiny custom signature database (the EICAR test string and a lab test string).
# shellcheck shell=bash

clamd_hex() { printf '%s' "$1" | od -An -tx1 -v | tr -d ' \n'; }

clamd_prepare() {
  local host="$1" root
  root="$(lab_root "$host")"
  lab_render_tree "$host" /etc/clamav || return 1
  # shellcheck disable=SC2016
  {
    printf 'Eicar-Test-Signature:0:*:%s\n' "$(clamd_hex 'X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*')"
    printf 'OXLab-Test-Virus:0:*:%s\n' "$(clamd_hex 'OXDOCTOR-LAB-TEST-VIRUS')"
  } >"$root/var/lib/clamav/lab.ndb"
}

clamd_ping() { clamdscan -c /etc/clamav/clamd.conf --ping 1 >/dev/null 2>&1; }

clamd_start() {
  mkdir -p /run/clamav /var/log/clamav
  chown clamav:clamav /run/clamav /var/log/clamav /var/lib/clamav
  rm -f /run/clamav/clamd.pid
  # --foreground in a session of its own, not clamd's own daemonizing: its parent waits for a signal from the
  # daemon that loaded the signatures, and once (a fresh-clone test run) it never came and `up` hung for good.
  setsid clamd --foreground -c /etc/clamav/clamd.conf </dev/null >/var/log/clamav/clamd.out 2>&1 &
  lab_wait 20 clamd_ping || { lab_fail_with_log clamd /var/log/clamav/clamd.out; return 1; }
}

clamd_stop() { lab_kill_pidfile /run/clamav/clamd.pid; }

clamd_status() { lab_pid_alive /run/clamav/clamd.pid && clamd_ping; }
