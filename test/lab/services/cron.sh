# cron: Debian's cron daemon in the host's namespace, running the seed's /etc/cron.d/ox, logging to the
# host's syslog (cron.* -> /var/log/cron), so "when did setpostacl last run" has a real answer.
# The host's /etc/cron.d holds only ox, and the machine's /etc/crontab (run-parts of cron.daily & co.)
# is covered by the host's own, so no system job runs inside a lab host.
# shellcheck shell=bash
. "$LAB_DIR/services/_groupware.sh"

cron_paths() { echo /etc/cron.host; }

cron_prepare() {
  local host="$1" root
  root="$(lab_root "$host")"
  find "$root/etc/cron.d" -mindepth 1 -delete
  lab_render_groupware "$host" /etc/cron.d/ || return 1
  chmod 644 "$root/etc/cron.d/ox"
  mkdir -p "$root/etc/cron.host"
  printf '# /etc/crontab of %s (lab): no system jobs\nSHELL=/bin/sh\nPATH=/usr/sbin:/usr/bin:/sbin:/bin\n' \
    "$(lab_fqdn "$host")" >"$root/etc/cron.host/crontab"
  install -d -m 1730 -g crontab "$root/var/spool/cron/crontabs"
}

cron_start() {
  mountpoint -q /etc/crontab || mount --bind /etc/cron.host/crontab /etc/crontab || return 1
  rm -f /run/crond.pid
  /usr/sbin/cron -L 15 </dev/null >>/var/log/cron.out 2>&1 || { lab_fail_with_log cron /var/log/cron.out; return 1; }
  lab_wait 5 lab_pid_alive /run/crond.pid || lab_fail_with_log cron /var/log/cron.out
}

cron_stop() { lab_kill_pidfile /run/crond.pid; }

cron_status() { lab_pid_alive /run/crond.pid; }
