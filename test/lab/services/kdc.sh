# kdc: the MIT KDC for realm AD.EXAMPLE.COM on the ad host (port 88), with the test users' principals:
# test users with known passwords, a disabled one (-allow_tix) and one whose password expired.
# shellcheck shell=bash

kdc_prepare() { lab_render_tree "$1" /etc/krb5kdc; }

kdc_port_open() { bash -c "exec 3<>/dev/tcp/$LAB_AD_KDC/$LAB_KDC_PORT" 2>/dev/null; }

# Creates the realm database and the principals once; passwords travel on stdin only.
kdc_init_db() {
  local u
  [ -f /var/lib/krb5kdc/principal ] && return 0
  { lab_secret "$LAB_SECRET_KDC_MASTER"; echo; lab_secret "$LAB_SECRET_KDC_MASTER"; echo; } |
    kdb5_util create -s -r "$LAB_REALM" >/var/log/kdb5_util.log 2>&1 ||
    { lab_fail_with_log "kdb5_util create" /var/log/kdb5_util.log; return 1; }
  {
    for u in $LAB_TEST_USERS; do echo "addprinc -pw $(lab_secret "$LAB_SECRETS/$u.pw") $u"; done
    echo "addprinc -pw $(lab_secret "$LAB_SECRETS/$LAB_DISABLED_USER.pw") -allow_tix $LAB_DISABLED_USER"
    echo "addprinc -pw $(lab_secret "$LAB_SECRETS/$LAB_EXPIRED_USER.pw") -pwexpire 2020-01-01 $LAB_EXPIRED_USER"
  } | kadmin.local >/var/log/kadmin-init.log 2>&1 ||
    { lab_fail_with_log kadmin.local /var/log/kadmin-init.log; return 1; }
}

# AD gives every account a principal: one (random key) for each other kind of user oxdoctor user is tested with.
kdc_kind_principals() {
  local u
  for u in $LAB_KIND_USERS; do
    kadmin.local -q "getprinc $u" 2>/dev/null | grep -q '^Principal:' ||
      kadmin.local -q "addprinc -randkey $u" >>/var/log/kadmin-init.log 2>&1 || return 1
  done
}

kdc_start() {
  kdc_init_db || return 1
  kdc_kind_principals || { lab_fail_with_log kadmin.local /var/log/kadmin-init.log; return 1; }
  rm -f /run/krb5kdc.pid
  krb5kdc -P /run/krb5kdc.pid </dev/null >/var/log/krb5kdc.out 2>&1 ||
    { lab_fail_with_log krb5kdc /var/log/krb5kdc.out; return 1; }
  lab_wait 10 kdc_port_open || lab_fail_with_log krb5kdc /var/log/krb5kdc.log
}

kdc_stop() { lab_kill_pidfile /run/krb5kdc.pid; }

kdc_status() { lab_pid_alive /run/krb5kdc.pid && kdc_port_open; }
