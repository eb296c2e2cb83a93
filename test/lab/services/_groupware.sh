# Helpers shared by the groupware-side service modules (cyrus, saslauthd, ox, cron, tomcat, apache, mariadb).
# Not a service itself: no host lists "_groupware".
# shellcheck shell=bash

# Renders the templates under hosts/groupware/files (shared by servera and serverb) whose path starts with
# PREFIX into HOST's tree; a host's own hosts/<host>/files then override them.
lab_render_groupware() {
  local host="$1" prefix="$2" base="$LAB_DIR/hosts/groupware/files" f rel
  while IFS= read -r -d '' f; do
    rel="${f#"$base"}"
    case "$rel" in "$prefix"*) lab_render "$f" "$(lab_root "$host")$rel" || return 1 ;; esac
  done < <(find "$base" -type f -print0 | sort -z)
  lab_render_tree "$host" "$prefix"
}

# True when something accepts TCP connections on ADDR:PORT.
lab_port_open() { bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null; }

# Starts "$@" detached (new session, no stdio), writes its pid to PIDFILE.
lab_spawn() {
  local pidfile="$1" log="$2"; shift 2
  setsid "$@" </dev/null >>"$log" 2>&1 &
  echo $! >"$pidfile"
}

# lab_secret_ensure, safe when hosts are prepared in parallel: the first writer wins, the others read it.
lab_secret_ensure_shared() {
  local file="$1" tmp
  [ -s "$file" ] && return 0
  mkdir -p "$(dirname "$file")" && chmod 700 "$(dirname "$file")"
  tmp="$(mktemp "$file.XXXXXX")"
  head -c 18 /dev/urandom | base64 | tr -d '/+=\n' >"$tmp"
  ln "$tmp" "$file" 2>/dev/null
  rm -f "$tmp"
  [ -s "$file" ]
}

# Rewrites FILE through a perl -pe expression in place (same inode: bind-mounted files stay visible).
lab_edit_in_place() {
  local file="$1" expr="$2" out
  out="$(perl -pe "$expr" "$file")" || return 1
  printf '%s\n' "$out" >"$file"
}

# Restarts a service of a host from outside the namespaces (faults).
lab_service_restart() { lab_service_in_ns "$1" "$2" stop; lab_service_in_ns "$1" "$2" start; }

# True when a TCP socket listens on ADDR:PORT (read from /proc/net/tcp: no connection, so nothing in the
# daemon's log, unlike lab_port_open).
lab_port_listening() {
  local want
  want="$(printf '%02X%02X%02X%02X:%04X' $(echo "$1" | awk -F. '{print $4, $3, $2, $1}') "$2")"
  awk -v w="$want" '$2 == w && $4 == "0A" { found = 1 } END { exit !found }' /proc/net/tcp
}
