# Host namespaces: each lab host is a long-lived mount+UTS namespace whose standard paths are bind mounts
# of $LAB_STATE/hosts/<host>. `lab_exec HOST cmd...` runs a command inside it.
# shellcheck shell=bash

lab_ns_pidfile() { printf '%s/ns/%s.pid' "$LAB_STATE" "$1"; }
lab_ns_pid() { cat "$(lab_ns_pidfile "$1")" 2>/dev/null; }
lab_host_up() { lab_pid_alive "$(lab_ns_pidfile "$1")"; }

# Extra directories a host's services bind, from the optional <svc>_paths function of each module, which
# prints one directory per line: "/var/lib/mysql" (starts empty) or "copy /etc/apache2" (package defaults).
lab_service_path_lines() {
  local host="$1" svc
  for svc in $(lab_services "$host"); do
    lab_service_load "$svc" 2>/dev/null || continue
    if declare -F "${svc}_paths" >/dev/null; then "${svc}_paths" "$host"; fi
  done
}
lab_service_paths() { lab_service_path_lines "$1" | awk '{print $NF}'; }

# Creates what is missing of a host tree (idempotent): package defaults copied, empty dirs made, mount points
# ensured on the system, hostname/hosts/mailname written.
lab_host_tree() {
  local host="$1" root p
  root="$(lab_root "$host")"
  mkdir -p "$root"
  for p in $LAB_BIND_COPY_DIRS; do
    mkdir -p "$p"
    if [ ! -d "$root$p" ]; then mkdir -p "$(dirname "$root$p")"; cp -a "$p" "$root$p"; fi
  done
  while read -r _ p; do
    [ -n "$p" ] || continue
    mkdir -p "$p"
    if [ ! -d "$root$p" ]; then mkdir -p "$(dirname "$root$p")"; cp -a "$p" "$root$p"; fi
  done < <(lab_service_path_lines "$host" | awk 'NF == 2 && $1 == "copy"')
  for p in $LAB_BIND_EMPTY_DIRS $(lab_service_path_lines "$host" | awk 'NF == 1'); do
    mkdir -p "$p" "$root$p"
  done
  for p in $LAB_BIND_FILES; do
    [ -e "$p" ] || { mkdir -p "$(dirname "$p")"; : >"$p"; }
    if [ ! -e "$root$p" ]; then
      mkdir -p "$(dirname "$root$p")"
      if [ -s "$p" ]; then cp -a "$p" "$root$p"; else : >"$root$p"; fi
    fi
  done
  chmod 1777 "$root/tmp"
  # Templates shared by every host (hosts/common/files), rendered when the tree is new.
  if [ ! -f "$root/.tree" ]; then
    ( lab_template_env "$host"
      base="$LAB_DIR/hosts/common/files"
      find "$base" -type f | while read -r f; do lab_render "$f" "$root${f#"$base"}"; done )
    touch "$root/.tree"
  fi
  mkdir -p "$root/run/lock" "$root/var/log"
  printf '%s\n' "$(lab_fqdn "$host")" >"$root/etc/hostname"
  lab_write_hosts >"$root/etc/hosts"
  printf '%s\n' "$LAB_MAIL_DOMAIN" >"$root/etc/mailname"
}

# /etc/hosts of every lab host: all lab hosts plus the seed's names for them.
lab_write_hosts() {
  local h
  printf '127.0.0.1\tlocalhost\n'
  for h in $LAB_HOSTS; do
    printf '%s\t%s %s\n' "$(lab_addr "$h")" "$(lab_fqdn "$h")" "$(lab_fqdn "$h" | cut -d. -f1)"
  done
  printf '%s\toxmail.example.com\n' "$LAB_VIP"
}


# Starts the namespace process of a host (idempotent).
lab_host_start() {
  local host="$1" pidfile log
  lab_host_up "$host" && return 0
  pidfile="$(lab_ns_pidfile "$host")"
  log="$LAB_STATE/ns/$host.log"
  mkdir -p "$LAB_STATE/ns"
  rm -f "$pidfile"
  lab_host_tree "$host"
  LAB_NS_PIDFILE="$pidfile" LAB_NS_HOST="$host" LAB_NS_EXTRA="$(lab_service_paths "$host" | tr '\n' ' ')" \
    setsid unshare --mount --uts --propagation private --fork -- bash "$LAB_DIR/lib/ns-init.sh" \
    </dev/null >"$log" 2>&1 9>&- &
  lab_wait 10 lab_pid_alive "$pidfile" || lab_fail_with_log "namespace of $host" "$log"
}

# Pids of every process in the mount namespace of process $1 (itself excluded).
lab_ns_members() {
  local mnt
  mnt="$(readlink "/proc/$1/ns/mnt")" || return 0
  find /proc/[0-9]*/ns/mnt -maxdepth 0 -printf '%p %l\n' 2>/dev/null |
    awk -v m="$mnt" -v self="$1" '$2 == m { split($1, a, "/"); if (a[3] != self) print a[3] }'
}

lab_none_alive() { local p; for p in "$@"; do lab_proc_alive "$p" && return 1; done; return 0; }

# Kills every process left in a host's mount namespace (by pid), then the namespace process itself.
lab_host_stop() {
  local host="$1" ns pids
  ns="$(lab_ns_pid "$host")"
  [ -n "$ns" ] && kill -0 "$ns" 2>/dev/null || { rm -f "$(lab_ns_pidfile "$host")"; return 0; }
  # The namespace process goes with the rest: its parent (unshare) ignores TERM while it lives.
  pids="$ns $(lab_ns_members "$ns")"
  # shellcheck disable=SC2086
  kill -TERM $pids 2>/dev/null
  # shellcheck disable=SC2086
  if ! lab_wait 3 lab_none_alive $pids; then
    # shellcheck disable=SC2086
    kill -KILL $pids 2>/dev/null
    # shellcheck disable=SC2086
    lab_wait 2 lab_none_alive $pids
  fi
  rm -f "$(lab_ns_pidfile "$host")"
}

# True when PATH lies under one of the directories every host replaces with its own (then hidden there).
lab_path_hidden_in_hosts() {
  local p
  for p in $LAB_BIND_COPY_DIRS $LAB_BIND_EMPTY_DIRS; do
    case "$1/" in "$p"/*) return 0 ;; esac
  done
  return 1
}

# Makes this clone of the repository visible at its own path inside the host (a lab started from another
# clone, or a clone under /tmp or /root), mounted from the namespace's view of the outer file system.
lab_ensure_repo_in_ns() {
  local host="$1" ns="$2" repo
  repo="$(cd "$LAB_DIR/../.." && pwd -P)"
  lab_path_hidden_in_hosts "$repo" || return 0
  nsenter --target "$ns" --mount -- sh -c '
    [ -f "$1/test/lab/lib/common.sh" ] && exit 0
    [ -d "$2$1" ] || { echo "lab: $1 is not visible from the host namespace" >&2; exit 1; }
    mkdir -p "$1" && mount --bind "$2$1" "$1"' sh "$repo" "$(lab_ns_outer "$host")" 9>&-
}

# Runs a command inside a host's namespaces, from / and with the host's hostname.
lab_exec() {
  local host="$1"; shift
  local ns
  ns="$(lab_ns_pid "$host")"
  [ -n "$ns" ] && kill -0 "$ns" 2>/dev/null || { lab_say "lab: host $host is not up"; return 125; }
  lab_ensure_repo_in_ns "$host" "$ns" || return 125
  # fd 9 is the lab lock: daemons started here must not inherit it.
  nsenter --target "$ns" --mount --uts --wd=/ -- env HOSTNAME="$(lab_fqdn "$host")" "$@" 9>&-
}
