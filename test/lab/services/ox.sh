# The OX stand-in (Open-Xchange itself cannot be installed here): the programs oxdoctor runs on a groupware
# host, faithful where oxdoctor looks. /opt/open-xchange/sbin/listuser (admin CLI: CSV layout, exit codes),
# /opt/oxldapsync/sbin/oxldapsync.pl (sync from AD; no paging with ldaptype = openldap), the seed's cron
# scripts (setpostacl, purgit, copyjunkfilter, oxsync), the OX config files oxdoctor reads, and OX-format
# logs in /var/log/open-xchange. Its user store is /opt/open-xchange/var/standin-userdb.json.
# No daemon: start runs the first sync, status checks the store.
# shellcheck shell=bash
. "$LAB_DIR/services/_groupware.sh"

OX_STANDIN="$LAB_DIR/standin"

ox_prepare() {
  local host="$1" root
  root="$(lab_root "$host")"
  if [ "$host" = serverb ]; then export OX_MAIL_SERVER="$LAB_SERVERB"; else export OX_MAIL_SERVER="$LAB_VIP"; fi
  lab_secret_ensure_shared "$LAB_SECRETS/configdb.pw" || return 1
  export CONFIGDB_PW; CONFIGDB_PW="$(lab_secret "$LAB_SECRETS/configdb.pw")"
  lab_render_groupware "$host" /opt/ || return 1
  install -d "$root/opt/open-xchange/sbin" "$root/opt/oxldapsync/sbin" "$root/var/log/open-xchange"
  install -d -m 750 "$root/opt/open-xchange/var"
  install -m 755 "$OX_STANDIN"/{listuser,setpostacl,purgit,copyjunkfilter,oxsync} "$root/opt/open-xchange/sbin/"
  install -m 755 "$OX_STANDIN/oxldapsync.pl" "$root/opt/oxldapsync/sbin/"
  install -m 600 "$LAB_SECRET_LDAP_BIND" "$root/opt/oxldapsync/etc/ldapbind.secret"
  install -m 600 "$LAB_SECRET_OX_ADMIN" "$root/opt/oxldapsync/etc/oxadmin.secret"
  # Context 1 with its admin (user 2, as createcontext makes it); the sync fills in the rest.
  OX_ADMIN_PW="$(lab_secret "$LAB_SECRET_OX_ADMIN")" python3 - "$root/opt/open-xchange/var/standin-userdb.json" <<'PY'
import hashlib, json, os, sys
admin = os.environ["LAB_OX_ADMIN"]
ctx = os.environ["LAB_OX_CONTEXT"]
user = {"Id": 2, "Name": admin, "ImapLogin": admin, "Display_name": "Context Admin", "Given_name": "Admin",
        "Sur_name": "User", "PrimaryEmail": admin + "@example.com", "Email1": admin + "@example.com",
        "Aliases": [admin + "@example.com"], "Mailenabled": True, "Language": "en_US",
        "Timezone": "Europe/Berlin", "PasswordMech": "crypt", "class": "admin",
        "access": {k: True for k in ["access-calendar", "access-contacts", "access-delegate-tasks",
                   "access-edit-public-folder", "access-forum", "access-ical", "access-infostore",
                   "access-pinboard-write", "access-projects", "access-read-create-shared-Folders",
                   "access-rss-bookmarks", "access-rss-portal", "access-syncml", "access-tasks", "access-vcard",
                   "access-webdav", "access-webdav-xml", "access-webmail"]}}
db = {"contexts": {ctx: {"admin": admin, "adminSha256": hashlib.sha256(os.environ["OX_ADMIN_PW"].encode()).hexdigest(),
                         "nextId": 3, "users": {admin.lower(): user}}}}
with open(sys.argv[1], "w") as f:
    json.dump(db, f, sort_keys=True)
PY
  chmod 640 "$root/opt/open-xchange/var/standin-userdb.json"
}

ox_user_count() {
  python3 -c 'import json,sys; print(sum(len(c["users"]) for c in json.load(open(sys.argv[1]))["contexts"].values()))' \
    /opt/open-xchange/var/standin-userdb.json 2>/dev/null || echo 0
}

ox_start() {
  local host="$1"
  # The configdb is on server A (mariadb); server B's hosts come up in parallel with A's.
  lab_wait 30 lab_port_open "$LAB_VIP" 3313 || { lab_say "lab: ox: configdb $LAB_VIP:3313 not reachable"; return 1; }
  /opt/open-xchange/sbin/oxsync </dev/null >>/var/log/oxsync.out 2>&1 ||
    { lab_fail_with_log "ox stand-in (first oxldapsync run)" /var/log/oxldapsync.log; return 1; }
}

ox_stop() { return 0; }

ox_status() { [ "$(ox_user_count)" -gt 1 ]; }
