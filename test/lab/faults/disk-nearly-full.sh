# checks: host/disk
# about: the relay's /var/log (a 64 MiB tmpfs in the lab) is filled to about 98 %
fault_file=/var/log/.lab-disk-fill
fault_break() {
  lab_exec relay sh -c "[ -f $fault_file ] && exit 0
    avail=\$(df -k --output=avail /var/log | tail -n1); size=\$(df -k --output=size /var/log | tail -n1)
    fallocate -l \$(( (avail - size / 50) * 1024 )) $fault_file"
}
fault_heal() { lab_exec relay rm -f "$fault_file"; }
