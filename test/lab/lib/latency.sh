# The latency lab: every packet between oxdoctor and each host's sshd delayed by MS each way, so a sweep pays round
# trips as it does from an admin machine across a WAN or VPN. `lab.sh latency MS` (0 removes it; idempotent; `down`
# removes it too). The way: tc on lo (prio, netem on band 3, u32 filters on TCP port 22 of the sshd hosts'
# addresses, both directions). Where the kernel has no sch_netem (tc: "Specified qdisc kind is unknown"), or with
# `--proxy`: lib/delay-proxy.mjs, a userspace TCP proxy that listens on ADDR:$LAB_LATENCY_PORT (default 2222) of
# each sshd host and relays to ADDR:22 with the delay, emulating the TCP handshake's round trip as well. Only
# clients pointed at that port (the latency bench) pay the delay; port 22 stays undelayed for everyone else.
# The mode in force is in $LAB_STATE/latency.env (LAB_LATENCY_MODE=off|netem|proxy, _MS, _PORT, _NOTE).
# shellcheck shell=bash

LAB_LATENCY_PORT="${LAB_LATENCY_PORT:-2222}"
lab_latency_env() { printf '%s/latency.env' "$LAB_STATE"; }
lab_latency_pidfile() { printf '%s/latency-proxy.pid' "$LAB_STATE"; }

# The hosts that run an sshd (the ones oxdoctor reaches over SSH).
lab_latency_hosts() {
  local host
  for host in $LAB_HOSTS; do
    case " $(lab_services "$host") " in *" sshd "*) printf '%s\n' "$host" ;; esac
  done
}

lab_latency_write() {
  printf 'LAB_LATENCY_MODE=%s\nLAB_LATENCY_MS=%s\nLAB_LATENCY_PORT=%s\nLAB_LATENCY_NOTE=%q\n' \
    "$1" "$2" "$3" "${4:-}" >"$(lab_latency_env)"
}

# Removes whichever delay is in force (idempotent).
lab_latency_clear() {
  if grep -qs '^LAB_LATENCY_MODE=netem' "$(lab_latency_env)"; then
    tc qdisc del dev lo root handle 1: 2>/dev/null
  fi
  lab_kill_pidfile "$(lab_latency_pidfile)"
  rm -f "$(lab_latency_env)"
}

# netem on lo: prio's band 3 delays what the u32 filters send there (to and from port 22 of each sshd host).
lab_latency_netem() {
  local ms="$1" host addr
  tc qdisc add dev lo root handle 1: prio bands 3 2>&1 || return 1
  tc qdisc add dev lo parent 1:3 handle 30: netem delay "${ms}ms" 2>&1 || return 1
  for host in $(lab_latency_hosts); do
    addr="$(lab_addr "$host")"
    tc filter add dev lo parent 1:0 protocol ip prio 1 u32 \
      match ip dst "$addr/32" match ip dport 22 0xffff flowid 1:3 2>&1 || return 1
    tc filter add dev lo parent 1:0 protocol ip prio 1 u32 \
      match ip src "$addr/32" match ip sport 22 0xffff flowid 1:3 2>&1 || return 1
  done
}

lab_latency_proxy() {
  local ms="$1" host addr routes=() log="$LAB_STATE/latency-proxy.log"
  for host in $(lab_latency_hosts); do
    addr="$(lab_addr "$host")"
    routes+=("$addr:$LAB_LATENCY_PORT=$addr:22")
  done
  # 9>&-: the lab lock (with_lock) must not outlive this command in the proxy.
  setsid node "$LAB_DIR/lib/delay-proxy.mjs" "$ms" "${routes[@]}" </dev/null >"$log" 2>&1 9>&- &
  printf '%s\n' "$!" >"$(lab_latency_pidfile)"
  lab_wait 5 grep -q ready "$log" || { lab_fail_with_log "delay proxy" "$log"; lab_latency_clear; return 1; }
}

# usage: lab_latency_set MS [--proxy]
lab_latency_set() {
  local ms="$1" force="${2:-}" err
  [[ "$ms" =~ ^[0-9]+(\.[0-9]+)?$ ]] || lab_die "latency: MS each way must be a number, got '$ms'"
  lab_latency_clear
  if [ "$force" != --proxy ] && [ "$ms" = 0 ]; then
    lab_say "lab: latency off (no delay on the hosts' SSH)"
    return 0
  fi
  if [ "$force" != --proxy ]; then
    if err="$(lab_latency_netem "$ms")"; then
      lab_latency_write netem "$ms" 22
      lab_say "lab: netem on lo: ${ms} ms each way on TCP port 22 of $(lab_latency_hosts | tr '\n' ' ')"
      return 0
    fi
    tc qdisc del dev lo root handle 1: 2>/dev/null
    err="$(printf '%s' "$err" | tr '\n' ' ')"
    lab_say "lab: tc netem is not available here ($err); falling back to the delay proxy"
  fi
  lab_latency_proxy "$ms" || return 1
  lab_latency_write proxy "$ms" "$LAB_LATENCY_PORT" "${err:-}"
  lab_say "lab: delay proxy: ${ms} ms each way on port $LAB_LATENCY_PORT of $(lab_latency_hosts | tr '\n' ' ')(-> 22)"
}

lab_latency_status() {
  if [ -f "$(lab_latency_env)" ]; then cat "$(lab_latency_env)"; else printf 'LAB_LATENCY_MODE=off\n'; fi
}
