# apache: the front of OX on each groupware node, port 80 on the node's address. On the cluster nodes
# (servera = node8888, servera2 = node9999) mod_proxy_balancer with the seed's balancer block: the local
# tomcat is the active member (its route), the other node's the hot standby (status=+H). On serverb the
# seed's plain ProxyPass to its own standalone OX.
# shellcheck shell=bash
. "$LAB_DIR/services/_groupware.sh"

apache_paths() { echo copy /etc/apache2; echo /var/www/html; }

apache_peer() { case "$1" in servera) echo servera2 ;; servera2) echo servera ;; esac; }

apache_prepare() {
  local host="$1" root
  root="$(lab_root "$host")"
  local peer; peer="$(apache_peer "$host")"
  export PEER_ADDR=""; [ -z "$peer" ] || PEER_ADDR="$(lab_addr "$peer")"
  # Debian's enabled modules, sites and confs rely on envvars: the host's apache2.conf is self-contained.
  find "$root/etc/apache2/mods-enabled" "$root/etc/apache2/sites-enabled" "$root/etc/apache2/conf-enabled" \
    -mindepth 1 -delete 2>/dev/null
  lab_render_groupware "$host" /etc/apache2/ || return 1
  mkdir -p "$root/var/www/html/ox6" "$root/var/log/apache2"
  printf '<html><head><title>Open-Xchange (oxdoctor lab stand-in)</title></head><body>OX6 %s</body></html>\n' \
    "$(lab_fqdn "$host")" >"$root/var/www/html/ox6/index.html"
}

apache_ready() { lab_port_open "$ADDR" 80; }

apache_start() {
  mkdir -p /run/apache2 /var/log/apache2
  rm -f /run/apache2/apache2.pid
  /usr/sbin/apache2 -f /etc/apache2/apache2.conf -k start </dev/null >>/var/log/apache2/start.log 2>&1 ||
    { lab_fail_with_log apache /var/log/apache2/start.log; return 1; }
  lab_wait 10 apache_ready || lab_fail_with_log apache /var/log/apache2/error.log
}

apache_stop() { lab_kill_pidfile /run/apache2/apache2.pid; }

apache_status() { lab_pid_alive /run/apache2/apache2.pid && apache_ready; }
