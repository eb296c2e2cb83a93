# checks: service/clamd
# about: the relay's clamd signature database files are 30 days old (touch -d '30 days ago'); clamd still answers PONG
# The original modification times are kept on reference files in the state directory; heal puts them back exactly.
fault_db() { printf '%s/var/lib/clamav' "$(lab_root relay)"; }
fault_saved() { printf '%s/faults/clamd-signatures-old' "$LAB_STATE"; }

fault_break() {
  local db save f
  db="$(fault_db)"; save="$(fault_saved)"
  if [ ! -d "$save" ]; then
    rm -rf "$save.tmp" && mkdir -p "$save.tmp" || return 1
    for f in "$db"/*; do
      if [ -f "$f" ]; then touch -r "$f" "$save.tmp/${f##*/}" || return 1; fi
    done
    mv "$save.tmp" "$save" || return 1
  fi
  for f in "$db"/*; do
    if [ -f "$f" ]; then touch -m -d '30 days ago' "$f" || return 1; fi
  done
}

fault_heal() {
  local db save f
  db="$(fault_db)"; save="$(fault_saved)"
  [ -d "$save" ] || return 0
  for f in "$save"/*; do
    if [ -f "$db/${f##*/}" ]; then touch -m -r "$f" "$db/${f##*/}" || return 1; fi
  done
  rm -rf "$save"
}
