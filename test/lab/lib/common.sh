# Shared helpers for every lab script: messages, host variables, templates, secrets.
# shellcheck shell=bash

LAB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../lab.env
. "$LAB_DIR/lab.env"

lab_say() { printf '%s\n' "$*" >&2; }
lab_die() { printf 'lab: %s\n' "$*" >&2; exit 1; }

lab_addr() { local v="LAB_ADDR_$1"; printf '%s' "${!v:?unknown host $1}"; }
lab_fqdn() { local v="LAB_FQDN_$1"; printf '%s' "${!v:?unknown host $1}"; }
lab_services() { local v="LAB_SERVICES_$1"; printf '%s' "${!v-}"; }
lab_root() { printf '%s/hosts/%s' "$LAB_STATE" "$1"; }
# Where a host's namespace keeps its view of the outer file system (see ns-init.sh).
lab_ns_outer() { printf '%s/ns/%s.outer' "$LAB_STATE" "$1"; }
lab_known_host() { case " $LAB_HOSTS " in *" $1 "*) return 0 ;; esac; return 1; }

# Reads a secret file's content (no trailing newline).
lab_secret() { tr -d '\n' <"$1"; }

# Creates a random secret file once; never overwrites.
lab_secret_ensure() {
  local file="$1"
  [ -s "$file" ] && return 0
  mkdir -p "$(dirname "$file")" && chmod 700 "$(dirname "$file")"
  (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=\n' >"$file")
}

# Renders a template, replacing @NAME@ with $NAME (exported) or a LAB_ variable; unknown names fail.
# Writes in place so bind-mounted files keep their inode.
lab_render() {
  local src="$1" dst="$2" out
  out="$(LAB_TEMPLATE="$src" perl -pe '
    s/\@([A-Z][A-Z0-9_]*)\@/exists $ENV{$1} ? $ENV{$1} : exists $ENV{"LAB_$1"} ? $ENV{"LAB_$1"} : die "$ENV{LAB_TEMPLATE}: unknown placeholder \@$1\@\n"/ge
  ' "$src")" || return 1
  [ -d "${dst%/*}" ] || mkdir -p "${dst%/*}"
  printf '%s\n' "$out" >"$dst"
}

# Renders every template of a host under hosts/<host>/files whose path starts with PREFIX (default: all).
lab_render_tree() {
  local host="$1" prefix="${2:-}" base="$LAB_DIR/hosts/$1/files" f rel
  [ -d "$base" ] || return 0
  while IFS= read -r -d '' f; do
    rel="${f#"$base"}"
    case "$rel" in "$prefix"*) lab_render "$f" "$(lab_root "$host")$rel" || return 1 ;; esac
  done < <(find "$base" -type f -print0 | sort -z)
}

# Exports what templates of HOST may use: HOST, ADDR, FQDN, every LAB_ variable, and the bind password.
lab_template_env() {
  local host="$1" v
  export HOST="$host" ADDR FQDN
  ADDR="$(lab_addr "$host")"; FQDN="$(lab_fqdn "$host")"
  for v in $(compgen -v LAB_); do export "${v?}"; done
  [ -s "$LAB_SECRET_LDAP_BIND" ] && export LDAP_BIND_PW="$(lab_secret "$LAB_SECRET_LDAP_BIND")"
  return 0
}

# Waits until a command succeeds (tries every 0.1 s) or the timeout in seconds passes.
lab_wait() {
  local timeout="$1"; shift
  local end=$(( ${EPOCHREALTIME/./} / 1000 + timeout * 1000 ))
  until "$@" >/dev/null 2>&1; do
    [ $(( ${EPOCHREALTIME/./} / 1000 )) -ge "$end" ] && return 1
    sleep 0.1
  done
}

# True when a process runs (a zombie waiting for its reaper counts as gone).
lab_proc_alive() {
  local stat
  kill -0 "$1" 2>/dev/null || return 1
  read -r stat <"/proc/$1/stat" 2>/dev/null || return 1
  stat="${stat##*) }"
  [ "${stat%% *}" != Z ]
}

# True when a pid file names a live process.
lab_pid_of() { local p; read -r p <"$1" 2>/dev/null; p="${p//[^0-9]/}"; printf '%s' "$p"; }
lab_pid_alive() { local p; [ -s "$1" ] && p="$(lab_pid_of "$1")" && [ -n "$p" ] && lab_proc_alive "$p"; }

# Stops the process named in a pid file: TERM, wait up to 5 s, then KILL.
lab_kill_pidfile() {
  local file="$1" pid i
  [ -s "$file" ] || return 0
  pid="$(lab_pid_of "$file")"
  if [ -n "$pid" ] && lab_proc_alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null
    for i in $(seq 50); do lab_proc_alive "$pid" || break; sleep 0.1; done
    lab_proc_alive "$pid" && kill -KILL "$pid" 2>/dev/null
  fi
  rm -f "$file"
}

# Fails loudly with the tail of a daemon log.
lab_fail_with_log() {
  local what="$1" log="$2"
  lab_say "lab: $what failed to start; last lines of $log:"
  [ -f "$log" ] && tail -n 20 "$log" | sed 's/^/    /' >&2
  return 1
}
