# amavisd-new on the relay: 127.0.0.1:10024, scans with clamd (clamdscan --stream), hands mail back to
# postfix on 127.0.0.1:10025. Runs in foreground mode, detached, with its pid recorded by the lab.
# shellcheck shell=bash

amavis_prepare() {
  local host="$1" root
  root="$(lab_root "$host")"
  # One config file, as on the seed's relay; Debian's conf.d snippets would be a second source of truth.
  rm -rf "$root/etc/amavis/conf.d" "$root/etc/amavis/en_US" "$root/etc/amavis/README.l10n"
  lab_render_tree "$host" /etc/amavis
}

amavis_pidfile=/run/amavis/lab-amavisd.pid

amavis_answers() { timeout 2 bash -c 'exec 3<>/dev/tcp/127.0.0.1/10024; read -r -t 2 line <&3; [[ "$line" == 220* ]]'; }

amavis_start() {
  mkdir -p /run/amavis /var/lib/amavis/tmp /var/lib/amavis/db /var/lib/amavis/virusmails
  chown amavis:amavis /run/amavis /var/lib/amavis /var/lib/amavis/tmp /var/lib/amavis/db /var/lib/amavis/virusmails
  setsid amavisd -c /etc/amavis/amavisd.conf foreground </dev/null >/var/log/amavisd.out 2>&1 &
  echo $! >"$amavis_pidfile"
  lab_wait 30 amavis_answers || lab_fail_with_log amavisd /var/log/amavisd.out
}

amavis_stop() {
  lab_kill_pidfile "$amavis_pidfile"
  lab_kill_pidfile /run/amavis/amavisd.pid
}

amavis_status() { lab_pid_alive "$amavis_pidfile" && amavis_answers; }
