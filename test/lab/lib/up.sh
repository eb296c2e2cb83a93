# up / down / status / reset of the whole lab.
# shellcheck shell=bash

# Secrets and the SSH client key, generated once per state directory.
lab_ensure_secrets() {
  local u
  for f in "$LAB_SECRET_LDAP_ADMIN" "$LAB_SECRET_LDAP_BIND" "$LAB_SECRET_KDC_MASTER" "$LAB_SECRET_OX_ADMIN"; do
    lab_secret_ensure "$f"
  done
  for u in $LAB_TEST_USERS $LAB_DISABLED_USER $LAB_EXPIRED_USER; do lab_secret_ensure "$LAB_SECRETS/$u.pw"; done
  mkdir -p "$LAB_SSH_DIR" && chmod 700 "$LAB_SSH_DIR"
  [ -s "$LAB_SSH_KEY" ] || ssh-keygen -q -t ed25519 -N '' -C oxdoctor-lab -f "$LAB_SSH_KEY"
}

# With LAB_TIMING=1, how long one prepare or start step took (to see what a slow `up` waits on).
lab_step_time() {
  [ "${LAB_TIMING:-}" = 1 ] && lab_say "lab:   $1: $(( ($(date +%s%N) - $2) / 1000000 )) ms"
  return 0
}

# Provisions one host (idempotent): its tree, then each service's one-time prepare (config, keys, databases).
lab_prepare_host() {
  local host="$1" root svc t1
  root="$(lab_root "$host")"
  lab_host_tree "$host"
  for svc in $(lab_services "$host"); do
    lab_service_exists "$svc" || continue
    [ -f "$root/.prepared-$svc" ] && continue
    t1=$(date +%s%N)
    lab_service_prepare "$host" "$svc" || { lab_say "lab: $host/$svc: prepare failed"; return 1; }
    touch "$root/.prepared-$svc"
    lab_step_time "$host/$svc prepare" "$t1"
  done
}

# Brings one host up: provisioned if it is not yet, its namespace, then each service that is not healthy.
lab_up_host() {
  local host="$1" svc rc=0 t0 t1
  t0=$(date +%s%N)
  lab_prepare_host "$host" || return 1
  lab_host_start "$host" || return 1
  for svc in $(lab_services "$host"); do
    if ! lab_service_exists "$svc"; then
      lab_say "lab: $host/$svc: skipped (no module services/$svc.sh yet)"; continue
    fi
    lab_service_in_ns "$host" "$svc" status >/dev/null 2>&1 && continue
    t1=$(date +%s%N)
    lab_service_in_ns "$host" "$svc" start || { lab_say "lab: $host/$svc: start failed"; rc=1; }
    lab_step_time "$host/$svc start" "$t1"
  done
  lab_say "lab: $host up in $(( ($(date +%s%N) - t0) / 1000000 )) ms"
  return $rc
}

# known_hosts for every host that has an sshd host key (address, FQDN and short name).
lab_write_known_hosts() {
  local h pub tmp
  tmp="$(mktemp "$LAB_SSH_DIR/.known_hosts.XXXXXX")"
  for h in $LAB_HOSTS; do
    pub="$(lab_root "$h")/etc/ssh/ssh_host_ed25519_key.pub"
    [ -s "$pub" ] || continue
    printf '%s,%s,%s %s\n' "$(lab_addr "$h")" "$(lab_fqdn "$h")" "$(lab_fqdn "$h" | cut -d. -f1)" \
      "$(cut -d' ' -f1-2 "$pub")" >>"$tmp"
  done
  mv "$tmp" "$LAB_SSH_KNOWN_HOSTS"
}

# Each host's address on lo (127/8 already routes there, but postfix wants inet_interfaces on an interface).
lab_addresses() {
  local action="$1" host addr
  for host in $LAB_HOSTS; do
    addr="$(lab_addr "$host")"
    if [ "$action" = add ]; then
      ip addr replace "$addr/32" dev lo
    else
      ip addr del "$addr/32" dev lo 2>/dev/null || true
    fi
  done
}

# The seed binds some relay and server A services to 127.0.0.1, which every lab host (and any other lab on
# this machine) shares: postfix listens with SO_REUSEPORT, so a second listener silently takes half the mail.
lab_warn_shared_loopback() {
  local port n
  for port in 10024 10025 11025; do
    n="$(ss -Hltn "src 127.0.0.1 and sport = :$port" 2>/dev/null | wc -l)"
    [ "$n" -gt 1 ] && lab_say "lab: WARNING: $n listeners on 127.0.0.1:$port (another lab or mail system?): mail may cross between them"
  done
  return 0
}

lab_up() {
  local host rc=0 t0 pids=() hosts=()
  t0=$(date +%s%N)
  mkdir -p "$LAB_STATE"
  lab_ensure_secrets
  lab_addresses add
  # The AD host first (the others' services query it), then the rest in parallel.
  for host in $LAB_HOSTS; do
    if [ "$host" = ad ]; then lab_up_host ad || rc=1; continue; fi
    lab_up_host "$host" &
    pids+=($!); hosts+=("$host")
  done
  for i in "${!pids[@]}"; do wait "${pids[$i]}" || { rc=1; lab_say "lab: host ${hosts[$i]} is not fully up"; }; done
  lab_write_known_hosts
  lab_warn_shared_loopback
  lab_say "lab: up in $(( ($(date +%s%N) - t0) / 1000000 )) ms (state: $LAB_STATE)"
  return $rc
}

# Provisions every host without leaving it running, at install (install.sh): the first `up` of a state
# directory prepares each service (keys, directory, KDC and mail databases) and does first-start work
# (certificates, mailboxes, the first OX sync); this does that once, so that later `up`s only start.
lab_provision() {
  local t0 rc=0
  t0=$(date +%s%N)
  if lab_host_up ad; then lab_say "lab: already up; nothing to provision"; return 0; fi
  lab_up || rc=1
  lab_down
  [ "$rc" = 0 ] || { lab_say "lab: provisioning failed (see above)"; return 1; }
  lab_say "lab: provisioned in $(( ($(date +%s%N) - t0) / 1000000 )) ms (state: $LAB_STATE)"
}

lab_down() {
  local host hosts_rev=""
  for host in $LAB_HOSTS; do hosts_rev="$host $hosts_rev"; done
  for host in $hosts_rev; do lab_down_host "$host"; done
  lab_addresses del
  return 0
}

# Stops one host's services (in reverse start order), then its namespace.
lab_down_host() {
  local host="$1" svc t0 ms
  lab_host_up "$host" || return 0
  for svc in $(lab_services "$host" | tr ' ' '\n' | tac); do
    lab_service_exists "$svc" || continue
    t0=$(date +%s%N)
    lab_service_in_ns "$host" "$svc" stop >/dev/null 2>&1
    ms=$(( ($(date +%s%N) - t0) / 1000000 ))
    [ "$ms" -gt 2000 ] && lab_say "lab: $host/$svc took $ms ms to stop"
  done
  lab_host_stop "$host"
}

lab_status() {
  local host svc state rc=0
  for host in $LAB_HOSTS; do
    if ! lab_host_up "$host"; then
      printf '%-9s %-10s %s\n' "$host" "-" "down (no namespace)"; rc=1; continue
    fi
    for svc in $(lab_services "$host"); do
      if ! lab_service_exists "$svc"; then state="no module"
      elif lab_service_in_ns "$host" "$svc" status >/dev/null 2>&1; then state="ok"
      else state="DOWN"; rc=1
      fi
      printf '%-9s %-10s %s\n' "$host" "$svc" "$state"
    done
  done
  return $rc
}

lab_reset() {
  lab_down
  # Only our own state directory, and only when it looks like one.
  if [ -d "$LAB_STATE/hosts" ] || [ -d "$LAB_STATE/ns" ]; then rm -rf --one-file-system "${LAB_STATE:?}"/*; fi
  lab_up
}
