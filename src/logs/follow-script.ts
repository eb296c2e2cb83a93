// The reader that follows a host's log files: one POSIX sh loop for all of them, run as
// `sh -c FOLLOW_SCRIPT sh POLL BEAT QUIET FROMSTART CHUNK FILE...` (RHEL5's sh, bash 3, dash, BusyBox ash).
// Only ls, tail, head, dd and sleep: ls -ilnL rather than stat -c, which BusyBox builds may lack.
//
// Every poll it takes each file's inode and size (one ls for all files) and sends what is new as frames on
// stdout, each line starting with the nonce (from $OXD_FOLLOW_NONCE, never argv), so nothing in a log can
// forge one:
//   NONCE D IDX GEN PATH   then the bytes, "\n", and   NONCE E COUNT ok|void   (dd counts what went out;
//                          void: the file was truncated during the read, the bytes are read again elsewhere)
//   NONCE F IDX GEN        the content stream GEN of file IDX is over (its partial last line is whole)
//   NONCE G IDX TEXT       lines may be lost here (a rotated file vanished before its tail was read)
//   NONCE X IDX TEXT       the file cannot be read
//   NONCE H                heartbeat: a write to a closed channel ends the reader (SIGPIPE or exit); the first
//                          comes right after the first scan: from then on every new line is read
// GEN numbers one file's continuous content. Rotation by rename (a new inode): the old inode is drained from
// its new name, found by inode among the siblings PATH.* and PATH-* (BASE.* for a live BASE.0, as OX writes),
// until it has been quiet for QUIET polls, while the new file is read from 0 as a new GEN. copytruncate (same
// inode): seen as a size below the offset, or as the file's first 64 bytes changing (a file that grew back past
// the offset within one poll); the rest is read from the newest uncompressed sibling (the copy), then the live
// file from 0. A read of a path renamed meanwhile (its inode after the read is not the one wanted) is voided
// and done again.
// Known limit: two rotations of one file within one poll lose the file in between (logrotate runs daily).

export const FOLLOW_SCRIPT = `LC_ALL=C; export LC_ALL; set -f
n=$OXD_FOLLOW_NONCE; p=$1; hb=$2; quiet=$3; start=$4; chunk=$5; shift 5
exec 3>&1
NL='
'
oIFS=$IFS
sleep "$p" 2>/dev/null || p=1
st=$(printf x | dd 2>&1 >/dev/null); st=\${st%% byte*}
[ "\${st##*[!0-9]}" = 1 ] || { echo "dd here does not say how many bytes it copied: cannot follow" >&2; exit 1; }
nf=0; for f; do nf=$((nf + 1)); eval "f_$nf=\\$f; i_$nf=; o_$nf=0; g_$nf=0; d_$nf=; e_$nf=; h_$nf="; done
g=0; first=1; beat=$((hb - 1)); busy=
out() { printf '%s %s\\n' "$n" "$*" || exit 1; }
rd() {
  out "D $3 $4 $1"
  st=$(tail -c +$(($2 + 1)) -- "$1" 2>/dev/null | head -c "$chunk" | dd bs=65536 2>&1 >&3)
  got=\${st%% byte*}; got=\${got##*[!0-9]}; [ -n "$got" ] || got=0
  printf '\\n' || exit 1
  [ "$got" -lt "$chunk" ] || busy=1
}
ok() { out "E $got \${1:-ok}"; }
inode() { set -- $(ls -diL -- "$1" 2>/dev/null); pin=$1; }
live() {
  rd "$f" "$o" "$k" "$cg"
  h=$(head -c 64 -- "$f" 2>/dev/null)
  case $h in "$hs"*) hs=$h; ok; o=$((o + got)); return;; esac
  ok void; inode "$f"; [ "$pin" != "$i" ] || cut=1
}
scan() {
  all=$(ls -ilnL -- "$@" 2>/dev/null)
  k=0; while [ $k -lt $nf ]; do k=$((k + 1)); eval "n_$k=; z_$k="; done
  IFS=$NL
  for l in $all; do
    IFS=$oIFS; set -- $l; ino=$1; sz=$6
    k=0; while [ $k -lt $nf ]; do k=$((k + 1)); eval "fk=\\$f_$k"
      case $l in *" $fk") eval "n_$k=\\$ino; z_$k=\\$sz";; esac
    done
    IFS=$NL
  done
  IFS=$oIFS
}
sibling() {
  set +f; s=$(ls -dilnLt -- "$1".* "$1"-* 2>/dev/null); set -f
  base=$1; want=$2; not=$3; fp=; fs=; sn=
  IFS=$NL
  for l in $s; do
    IFS=$oIFS; set -- $l
    case $l in *.gz|*.bz2|*.xz|*.Z|*.zst) IFS=$NL; continue;; esac
    if [ -n "$want" ]; then [ "$1" = "$want" ]; else [ "$1" != "$not" ]; fi && {
      sn=$1; fs=$6; fp=$base\${l#*" $base"}; break; }
    IFS=$NL
  done
  IFS=$oIFS
}
dstep() {
  eval "di=\\$d_$k"; [ -n "$di" ] || return 0
  eval "dof=\\$do_$k dg=\\$dg_$k dq=\\$dq_$k"
  sibling "$b" "$di" ""
  if [ -z "$fp" ]; then
    [ "$dq" = new ] && out "G $k $f was rotated away and is gone (compressed or removed) before its tail was read"
    dq=$quiet
  elif [ "$fs" -gt "$dof" ]; then
    rd "$fp" "$dof" "$k" "$dg"; inode "$fp"
    if [ "$pin" = "$di" ]; then ok; dof=$((dof + got)); else ok void; fi; dq=0
  else [ "$dq" = new ] && dq=0; dq=$((dq + 1))
  fi
  [ -n "$1" ] && dq=$quiet
  if [ "$dq" -ge "$quiet" ]; then out "F $k $dg"; eval "d_$k="; else eval "do_$k=\\$dof dq_$k=\\$dq"; fi
}
dstart() {
  dstep last
  eval "d_$k=\\$i do_$k=\\$o dg_$k=\\$cg dq_$k=new"
  dstep
}
rest() {
  sibling "$b" "" "$i"; ci=$sn; tries=0
  if [ -z "$fp" ] || [ "$fs" -lt "$o" ]; then
    out "G $k $f was truncated (copytruncate) and no rotated copy holds its last lines"
  fi
  while [ -n "$fp" ] && [ "$fs" -gt "$o" ] && [ $tries -lt 5 ]; do
    rd "$fp" "$o" "$k" "$cg"; inode "$fp"
    if [ "$pin" = "$ci" ]; then ok; o=$((o + got)); [ "$got" -gt 0 ] || break
    else ok void; tries=$((tries + 1)); sibling "$b" "$ci" ""
    fi
  done
  busy=
  out "F $k $cg"
}
step() {
  eval "f=\\$f_$k i=\\$i_$k o=\\$o_$k cg=\\$g_$k ino=\\$n_$k sz=\\$z_$k e=\\$e_$k hs=\\$h_$k"
  case $f in *.0) b=\${f%.0};; *) b=$f;; esac
  ds=; cut=
  if [ -z "$ino" ]; then
    [ -z "$i" ] || { dstart; ds=1; i=; }
  elif [ -z "$i" ]; then
    if [ -n "$first" ] && [ "$start" = 0 ]; then o=$sz; else o=0; fi
    i=$ino; g=$((g + 1)); cg=$g; hs=
  elif [ "$ino" != "$i" ]; then
    dstart; ds=1; i=$ino; o=0; g=$((g + 1)); cg=$g; hs=
  elif [ "$sz" -lt "$o" ]; then cut=1
  fi
  [ -n "$ds" ] || dstep
  if [ -n "$ino" ] && [ -z "$cut" ] && [ "$sz" -gt "$o" ]; then
    if [ -r "$f" ]; then live; e=
    elif [ -z "$e" ]; then out "X $k cannot read $f"; e=1
    fi
  fi
  [ -z "$cut" ] || { rest; o=0; g=$((g + 1)); cg=$g; hs=; live; }
  eval "i_$k=\\$i o_$k=\\$o g_$k=\\$cg e_$k=\\$e h_$k=\\$hs"
}
while :; do
  scan "$@"
  k=0; while [ $k -lt $nf ]; do k=$((k + 1)); step; done
  first=
  beat=$((beat + 1)); [ $beat -lt "$hb" ] || { beat=0; out H; }
  [ -n "$busy" ] || sleep "$p"
  busy=
done`;
