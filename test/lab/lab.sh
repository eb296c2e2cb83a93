#!/usr/bin/env bash
# The lab: the seed's deployment as namespaced hosts on this machine. See test/lab/README.md.
# usage: lab.sh provision|up|down|status|reset|break NAME|heal NAME|faults|exec HOST -- CMD...|ssh HOST [CMD...]|paths|latency MS|latency status
set -uo pipefail
. "$(dirname "$0")/lib/common.sh"
. "$LAB_DIR/lib/host.sh"
. "$LAB_DIR/lib/service.sh"
. "$LAB_DIR/lib/faults.sh"
. "$LAB_DIR/lib/up.sh"
. "$LAB_DIR/lib/latency.sh"

[ "$(id -u)" = 0 ] || lab_die "must run as root (namespaces, bind mounts, daemons on port 25/88/389)"

usage() {
  sed -n '3p' "$0" | sed 's/^# //' >&2
  exit 3
}

# Serialises commands that change the lab (two test runs may call `up` at once).
with_lock() {
  mkdir -p "$LAB_STATE"
  exec 9>"$LAB_STATE/.lock"
  flock -w 300 9 || lab_die "another lab command holds $LAB_STATE/.lock"
  "$@"
}

cmd="${1:-}"; [ $# -gt 0 ] && shift
case "$cmd" in
  provision) with_lock lab_provision ;;
  up) with_lock lab_up ;;
  down) with_lock lab_latency_clear; with_lock lab_down ;;
  status) lab_status ;;
  reset) with_lock lab_reset ;;
  break) [ $# -eq 1 ] || usage; with_lock lab_fault break "$1" ;;
  heal) [ $# -eq 1 ] || usage; with_lock lab_fault heal "$1" ;;
  faults) lab_faults_list ;;
  latency)
    [ $# -ge 1 ] || usage
    if [ "$1" = status ]; then lab_latency_status; else with_lock lab_latency_set "$@"; fi ;;
  exec)
    [ $# -ge 1 ] || usage; host="$1"; shift; [ "${1:-}" = -- ] && shift; [ $# -ge 1 ] || usage
    lab_known_host "$host" || lab_die "unknown host $host (hosts: $LAB_HOSTS)"
    lab_exec "$host" "$@" ;;
  ssh)
    [ $# -ge 1 ] || usage; host="$1"; shift; [ "${1:-}" = -- ] && shift
    lab_known_host "$host" || lab_die "unknown host $host (hosts: $LAB_HOSTS)"
    exec ssh -i "$LAB_SSH_KEY" -o IdentitiesOnly=yes -o UserKnownHostsFile="$LAB_SSH_KNOWN_HOSTS" \
      -o StrictHostKeyChecking=yes -o BatchMode=yes "root@$(lab_addr "$host")" "$@" ;;
  paths)
    printf 'state\t%s\nsshKey\t%s\nknownHosts\t%s\nsecrets\t%s\n' \
      "$LAB_STATE" "$LAB_SSH_KEY" "$LAB_SSH_KNOWN_HOSTS" "$LAB_SECRETS" ;;
  *) usage ;;
esac
