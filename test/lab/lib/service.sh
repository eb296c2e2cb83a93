# Service modules: services/<svc>.sh defines
#   <svc>_prepare HOST   writes its config into the host tree ($(lab_root HOST)); runs OUTSIDE the namespace,
#                        once per fresh host tree (again after `reset`)
#   <svc>_start HOST     runs INSIDE the host's namespace (standard paths); starts the real daemon with a pid
#                        file, detached from stdio, and returns when it is ready, or fails with its log tail
#   <svc>_stop HOST      runs INSIDE the namespace; stops the daemon by pid
#   <svc>_status HOST    runs INSIDE the namespace; exit 0 when healthy
#   <svc>_paths HOST     optional, runs outside: extra directories to bind (see lab_service_path_lines)
# shellcheck shell=bash

lab_service_file() { printf '%s/services/%s.sh' "$LAB_DIR" "$1"; }
lab_service_exists() { [ -f "$(lab_service_file "$1")" ]; }

lab_service_load() {
  local svc="$1"
  lab_service_exists "$svc" || return 1
  declare -F "${svc}_start" >/dev/null && return 0
  # shellcheck source=/dev/null
  . "$(lab_service_file "$svc")"
}

# Runs <svc>_<action> HOST inside the host's namespace.
lab_service_in_ns() {
  local host="$1" svc="$2" action="$3"
  lab_exec "$host" bash "$LAB_DIR/lib/run-service.sh" "$svc" "$action" "$host" 9>&-
}

lab_service_prepare() {
  local host="$1" svc="$2"
  lab_service_load "$svc" || return 0
  declare -F "${svc}_prepare" >/dev/null || return 0
  ( lab_template_env "$host"; "${svc}_prepare" "$host" )
}
