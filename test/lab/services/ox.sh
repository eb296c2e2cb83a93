# The OX stand-in (Open-Xchange itself cannot be installed here): the programs oxdoctor runs on a groupware
# host, faithful where oxdoctor looks. /opt/open-xchange/sbin/listuser (admin CLI: CSV layout, exit codes),
# /opt/oxldapsync/sbin/oxldapsync.pl (sync from AD; no paging with ldaptype = openldap), the seed's cron
# scripts (setpostacl, purgit, copyjunkfilter, oxsync), the OX config files oxdoctor reads, and OX-format
# logs in /var/log/open-xchange. Its user store is /opt/open-xchange/var/standin-{contexts,users-1}.tsv.
# No daemon: start runs the first sync, status checks the store.
# shellcheck shell=bash
. "$LAB_DIR/services/_groupware.sh"

OX_STANDIN="$LAB_DIR/standin"
OX_ACCESS="access-calendar access-contacts access-delegate-tasks access-edit-public-folder access-forum access-ical
  access-infostore access-pinboard-write access-projects access-read-create-shared-Folders access-rss-bookmarks
  access-rss-portal access-syncml access-tasks access-vcard access-webdav access-webdav-xml access-webmail"

ox_prepare() {
  local host="$1" root
  root="$(lab_root "$host")"
  if [ "$host" = serverb ]; then export OX_MAIL_SERVER="$LAB_SERVERB"; else export OX_MAIL_SERVER="$LAB_VIP"; fi
  lab_secret_ensure_shared "$LAB_SECRETS/configdb.pw" || return 1
  export CONFIGDB_PW; CONFIGDB_PW="$(lab_secret "$LAB_SECRETS/configdb.pw")"
  lab_render_groupware "$host" /opt/ || return 1
  install -m 600 "$LAB_SECRET_LDAP_BIND" "$root/opt/oxldapsync/etc/ldapbind.secret"
  install -m 600 "$LAB_SECRET_OX_ADMIN" "$root/opt/oxldapsync/etc/oxadmin.secret"
  chmod 640 "$root/opt/open-xchange/etc/configdb.properties"
  ox_install_programs "$root"
  ox_init_store "$root"
}

# The stand-in's programs, from the repository (again at every start, so a lab picks up their changes).
ox_install_programs() {
  local root="$1"
  install -d "$root/opt/open-xchange/sbin" "$root/opt/oxldapsync/sbin" "$root/var/log/open-xchange"
  install -m 755 "$OX_STANDIN"/{listuser,setpostacl,purgit,copyjunkfilter,oxsync} "$root/opt/open-xchange/sbin/"
  install -m 755 "$OX_STANDIN/oxldapsync.pl" "$root/opt/oxldapsync/sbin/"
}

# An empty store (once): context 1 and its admin; the sync fills in the rest.
ox_init_store() {
  local root="$1" a
  [ -s "$root/opt/open-xchange/var/standin-contexts.tsv" ] && return 0
  rm -f "$root/opt/open-xchange/var/standin-userdb.json"  # the first store format
  install -d -m 750 "$root/opt/open-xchange/var"
  # Context 1 with its admin (user 2, as createcontext makes it). Store layout: see the header of standin/oxldapsync.pl.
  printf '%s\t%s\t%s\t3\n' "$LAB_OX_CONTEXT" "$LAB_OX_ADMIN" \
    "$(lab_secret "$LAB_SECRET_OX_ADMIN" | sha256sum | cut -d' ' -f1)" >"$root/opt/open-xchange/var/standin-contexts.tsv"
  {
    printf 'Id\tName\tImapLogin\tDisplay_name\tGiven_name\tSur_name\tPrimaryEmail\tEmail1\tAliases\tMailenabled'
    printf '\tLanguage\tTimezone\tPasswordMech\tclass'
    for a in $OX_ACCESS; do printf '\t%s' "$a"; done
    printf '\n2\t%s\t%s\tContext Admin\tAdmin\tUser' "$LAB_OX_ADMIN" "$LAB_OX_ADMIN"
    printf '\t%s@example.com' "$LAB_OX_ADMIN" "$LAB_OX_ADMIN" "$LAB_OX_ADMIN"
    printf '\ttrue\ten_US\tEurope/Berlin\tcrypt\tadmin'
    for a in $OX_ACCESS; do printf '\ttrue'; done
    printf '\n'
  } >"$root/opt/open-xchange/var/standin-users-$LAB_OX_CONTEXT.tsv"
  chmod 640 "$root"/opt/open-xchange/var/standin-*.tsv
}

ox_user_count() { tail -n +2 "/opt/open-xchange/var/standin-users-$LAB_OX_CONTEXT.tsv" 2>/dev/null | wc -l; }

ox_start() {
  ox_install_programs "" && ox_init_store "" || return 1
  # The configdb is on server A (mariadb); server B's hosts come up in parallel with A's.
  lab_wait 30 lab_port_open "$LAB_VIP" 3313 || { lab_say "lab: ox: configdb $LAB_VIP:3313 not reachable"; return 1; }
  /opt/open-xchange/sbin/oxsync </dev/null >>/var/log/oxsync.out 2>&1 ||
    { lab_fail_with_log "ox stand-in (first oxldapsync run)" /var/log/oxldapsync.log; return 1; }
}

ox_stop() { return 0; }

ox_status() { [ "$(ox_user_count)" -gt 1 ]; }
