# checks: host/disk
# about: the relay's /var/log (a 64 MiB tmpfs in the lab) runs out of inodes with space left: 2000 empty files, then nr_inodes lowered to 1 % free
# The tmpfs's own inode count is kept in the fill directory; heal remounts with it (the default, so the mount
# options read as before) and removes the directory. Nothing else in /var/log is touched.
fault_dir=/var/log/.lab-inodes

fault_break() {
  lab_exec relay sh -c "d=$fault_dir
    [ -d \$d ] && exit 0
    total=\$(df -P -i /var/log | awk 'NR==2 {print \$2}')
    mkdir \$d && echo \$total > \$d/nr_inodes || exit 1
    i=0; while [ \$i -lt 2000 ]; do : > \$d/f\$i || exit 1; i=\$((i + 1)); done
    used=\$(df -P -i /var/log | awk 'NR==2 {print \$3}')
    mount -o remount,nr_inodes=\$((used + used / 100)) /var/log"
}

fault_heal() {
  lab_exec relay sh -c "d=$fault_dir
    [ -f \$d/nr_inodes ] || { rm -rf \$d; exit 0; }
    mount -o remount,nr_inodes=\$(cat \$d/nr_inodes) /var/log && rm -rf \$d"
}
