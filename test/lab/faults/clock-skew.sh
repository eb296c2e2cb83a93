# checks: host/clock
# about: server A's clock is 10 minutes ahead for everything run over its sshd (libfaketime); kinit still works (kdc_timesync), oxdoctor must flag the offset
fault_conf() { printf '%s/etc/ssh/sshd_config.d/faketime.conf' "$(lab_root servera)"; }
fault_break() {
  local lib
  lib="$(dpkg -L libfaketime 2>/dev/null | grep '/libfaketime\.so\.1$' | head -n1)"
  [ -n "$lib" ] || lab_die "libfaketime is not installed"
  printf 'SetEnv LD_PRELOAD=%s FAKETIME=+10m FAKETIME_DONT_FAKE_MONOTONIC=1\n' "$lib" >"$(fault_conf)"
  lab_fault_stop servera sshd && lab_service_in_ns servera sshd start
}
fault_heal() {
  [ -f "$(fault_conf)" ] || { lab_fault_start servera sshd; return; }
  rm -f "$(fault_conf)"
  lab_fault_stop servera sshd && lab_service_in_ns servera sshd start
}
