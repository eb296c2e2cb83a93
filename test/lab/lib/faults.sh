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
