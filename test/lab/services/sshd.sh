# sshd: one OpenSSH daemon per host on its own address, port 22, root login by key only, its own host key.
# The client key and known_hosts for oxdoctor and the tests live in $LAB_SSH_DIR.
# shellcheck shell=bash

sshd_prepare() {
  local host="$1" root
  root="$(lab_root "$host")"
  # The copied /etc/ssh holds this machine's own host keys: each lab host gets its own instead.
  rm -f "$root"/etc/ssh/ssh_host_*
  ssh-keygen -q -t ed25519 -N '' -C "root@$(lab_fqdn "$host")" -f "$root/etc/ssh/ssh_host_ed25519_key"
  mkdir -p "$root/etc/ssh/authorized_keys" "$root/etc/ssh/sshd_config.d"
  rm -f "$root"/etc/ssh/sshd_config.d/*
  cp "$LAB_SSH_KEY.pub" "$root/etc/ssh/authorized_keys/root"
  cat >"$root/etc/ssh/sshd_config" <<CONF
# Drop-ins first: the first value of a keyword wins (the clock-skew fault adds one).
Include /etc/ssh/sshd_config.d/*.conf
ListenAddress $(lab_addr "$host"):22
HostKey /etc/ssh/ssh_host_ed25519_key
PidFile /run/sshd.pid
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
AuthorizedKeysFile /etc/ssh/authorized_keys/%u
UsePAM no
StrictModes no
MaxSessions 32
MaxStartups 64:30:128
AllowTcpForwarding yes
X11Forwarding no
PrintMotd no
SyslogFacility AUTHPRIV
AcceptEnv LANG LC_*
Subsystem sftp /usr/lib/openssh/sftp-server
CONF
}

sshd_port_open() { bash -c "exec 3<>/dev/tcp/$ADDR/22" 2>/dev/null; }

sshd_start() {
  mkdir -p /run/sshd && chmod 755 /run/sshd
  rm -f /run/sshd.pid
  /usr/sbin/sshd -f /etc/ssh/sshd_config -E /var/log/sshd.log </dev/null >/dev/null 2>&1 ||
    { lab_fail_with_log sshd /var/log/sshd.log; return 1; }
  lab_wait 5 sshd_port_open || lab_fail_with_log sshd /var/log/sshd.log
}

sshd_stop() { lab_kill_pidfile /run/sshd.pid; }

sshd_status() { lab_pid_alive /run/sshd.pid && sshd_port_open; }
