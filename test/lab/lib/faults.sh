# Faults: faults/<name>.sh with header lines "# checks: id1,id2" and "# about: ..." and the functions
# fault_break and fault_heal (both idempotent; heal restores the healthy state exactly). They run outside
# the namespaces with the lab libraries loaded (use lab_exec HOST ... for work inside a host).
# shellcheck shell=bash

lab_fault_file() { printf '%s/faults/%s.sh' "$LAB_DIR" "$1"; }

lab_faults_list() {
  local f name checks about
  for f in "$LAB_DIR"/faults/*.sh; do
    [ -f "$f" ] || continue
    name="$(basename "$f" .sh)"
    checks="$(sed -n 's/^# checks: *//p' "$f" | head -n1)"
    about="$(sed -n 's/^# about: *//p' "$f" | head -n1)"
    printf '%s\t%s\t%s\n' "$name" "$checks" "$about"
  done
}

lab_fault() {
  local action="$1" name="$2" file
  file="$(lab_fault_file "$name")"
  [[ "$name" =~ ^[a-z0-9-]+$ ]] && [ -f "$file" ] || lab_die "unknown fault $name (see: lab.sh faults)"
  (
    # shellcheck source=/dev/null
    . "$file"
    "fault_$action"
  )
}

# Helpers for fault files.
# Stops a service of a host / starts it again unless it is already healthy.
lab_fault_stop() { lab_service_in_ns "$1" "$2" stop; }
lab_fault_start() { lab_service_in_ns "$1" "$2" status >/dev/null 2>&1 || lab_service_in_ns "$1" "$2" start; }

# Restores files of a host's /etc/postfix from their templates and reloads that postfix.
lab_fault_postfix_restore() {
  local host="$1" name; shift
  lab_service_load postfix
  ( lab_template_env "$host"; for name in "$@"; do postfix_render_file "$host" "$name" || exit 1; done ) || return 1
  lab_fault_postfix_reload "$host"
}
lab_fault_postfix_reload() { lab_exec "$1" postfix reload >/dev/null 2>&1; }

# Runs ldapmodify against the lab AD as its administrator (LDIF on stdin).
lab_fault_ldapmodify() {
  ldapmodify -x -H "ldap://$LAB_AD_LDAP:$LAB_LDAP_PORT/" -D "$LAB_LDAP_ADMIN_DN" -y "$LAB_SECRET_LDAP_ADMIN" >/dev/null
}

# Runs kadmin.local commands (stdin) on the ad host.
lab_fault_kadmin() { lab_exec ad kadmin.local >/dev/null; }
