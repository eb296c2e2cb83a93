# slapd: the Active Directory stand-in on the ad host (AD-like schema, generated directory, AD's 1000 cap).
# shellcheck shell=bash

slapd_hash() { slappasswd -h '{SSHA}' -T "$1"; }

slapd_prepare() {
  local host="$1" root u
  root="$(lab_root "$host")"
  export LDAP_ADMIN_HASH; LDAP_ADMIN_HASH="$(slapd_hash "$LAB_SECRET_LDAP_ADMIN")"
  lab_render_tree "$host" /etc/ldap || return 1
  export LDAP_BIND_HASH; LDAP_BIND_HASH="$(slapd_hash "$LAB_SECRET_LDAP_BIND")"
  for u in $LAB_TEST_USERS $LAB_DISABLED_USER $LAB_EXPIRED_USER; do
    export "TEST_HASH_$u=$(slapd_hash "$LAB_SECRETS/$u.pw")"
  done
  (umask 077; bash "$LAB_DIR/data/ad-data.sh" >"$root/etc/ldap/ad-data.ldif")
}

slapd_url() { printf 'ldap://%s:%s/' "$ADDR" "$LAB_LDAP_PORT"; }

slapd_answers() { ldapsearch -x -LLL -H "$(slapd_url)" -s base -b '' namingContexts >/dev/null 2>&1; }

slapd_start() {
  mkdir -p /run/slapd /var/lib/ldap
  if [ ! -f /var/lib/ldap/data.mdb ]; then
    slapadd -q -f /etc/ldap/slapd.conf -l /etc/ldap/ad-data.ldif >/var/log/slapadd.log 2>&1 ||
      { lab_fail_with_log slapadd /var/log/slapadd.log; return 1; }
  fi
  chown -R openldap:openldap /var/lib/ldap /run/slapd
  slapd -f /etc/ldap/slapd.conf -u openldap -g openldap \
    -h "$(slapd_url) ldapi://%2Frun%2Fslapd%2Fldapi" </dev/null >/var/log/slapd.out 2>&1 ||
    { lab_fail_with_log slapd /var/log/slapd.out; return 1; }
  lab_wait 10 slapd_answers || lab_fail_with_log slapd /var/log/messages
}

slapd_stop() { lab_kill_pidfile /run/slapd/slapd.pid; }

slapd_status() { lab_pid_alive /run/slapd/slapd.pid && slapd_answers; }
