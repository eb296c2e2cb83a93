# Runs as the first process of a host's new mount+UTS namespace: sets the hostname, bind-mounts the host's
# tree over the standard paths, gives the host its own /dev (own /dev/log for its syslog), then waits forever.
set -euo pipefail
. "$(dirname "$0")/common.sh"
host="$LAB_NS_HOST"
root="$(lab_root "$host")"

hostname "$(lab_fqdn "$host")"

# The lab's scripts run inside the host from the repository's own path, and any clone may drive a running
# lab. A clone under a path each host replaces (/tmp, /root) would vanish there: keep a view of the whole
# outer file system (taken before the host's own mounts hide parts of it), from which lab_exec mounts any
# clone back at its path (lab_ensure_repo_in_ns).
outer="$(lab_ns_outer "$host")"
mkdir -p "$outer"
mount --rbind / "$outer"
repo="$(cd "$LAB_DIR/../.." && pwd -P)"

for p in $LAB_BIND_COPY_DIRS $LAB_BIND_EMPTY_DIRS $LAB_BIND_FILES $LAB_NS_EXTRA; do
  [ -e "$root$p" ] || continue
  mount --bind "$root$p" "$p"
done

if [ ! -f "$repo/test/lab/lib/common.sh" ]; then
  mkdir -p "$repo"
  mount --bind "$outer$repo" "$repo"
fi

case " $LAB_SMALL_LOG_HOSTS " in
  *" $host "*) mount -t tmpfs -o "size=$LAB_SMALL_LOG_SIZE,mode=755" lablog /var/log ;;
esac

# Own /dev: a tmpfs with the usual device nodes and a private devpts (sshd needs ptys).
mount -t tmpfs -o mode=755,nosuid labdev /dev
mknod -m 666 /dev/null c 1 3; mknod -m 666 /dev/zero c 1 5; mknod -m 666 /dev/full c 1 7
mknod -m 666 /dev/random c 1 8; mknod -m 666 /dev/urandom c 1 9; mknod -m 666 /dev/tty c 5 0
mkdir -m 755 /dev/pts; mkdir -m 1777 /dev/shm
mount -t devpts -o newinstance,ptmxmode=0666,mode=620 devpts /dev/pts
ln -s pts/ptmx /dev/ptmx; ln -s /proc/self/fd /dev/fd
ln -s /proc/self/fd/0 /dev/stdin; ln -s /proc/self/fd/1 /dev/stdout; ln -s /proc/self/fd/2 /dev/stderr

echo $$ >"$LAB_NS_PIDFILE"
exec sleep infinity
