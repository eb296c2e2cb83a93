# checks: ox/sync-coverage,ox/ldapsync-log
# about: servera's oxldapsync is back on the seed's ldaptype = openldap: no paging, the sync stops at AD's 1000-entry limit and deletes the OX users beyond it
. "$LAB_DIR/services/_groupware.sh"

fault_break() {
  lab_edit_in_place "$(lab_root servera)/opt/oxldapsync/etc/ldapsync-ads.conf" 's/^ldaptype = .*/ldaptype = openldap/' &&
    { lab_exec servera /opt/open-xchange/sbin/oxsync >/dev/null 2>&1; return 0; }
}

fault_heal() {
  lab_edit_in_place "$(lab_root servera)/opt/oxldapsync/etc/ldapsync-ads.conf" 's/^ldaptype = .*/ldaptype = ads/' &&
    lab_exec servera /opt/open-xchange/sbin/oxsync >/dev/null
}
