# checks: config/seed-drift,mailbox/folders
# about: servera drifted from the seed: unknown_local_recipient_reject_code is 550 (AD lookup hiccups bounce mail) and imapd.conf's autocreate_inbox_folders lost "Sent Items"
. "$LAB_DIR/services/_groupware.sh"

fault_break() {
  lab_exec servera postconf -e 'unknown_local_recipient_reject_code = 550' || return 1
  lab_fault_postfix_reload servera
  lab_edit_in_place "$(lab_root servera)/etc/imapd.conf" \
    's/^(autocreate_inbox_folders: Drafts)\|Sent Items(\|Junk\|Trash)$/$1$2/'
}

fault_heal() {
  lab_fault_postfix_restore servera main.cf || return 1
  lab_edit_in_place "$(lab_root servera)/etc/imapd.conf" \
    's/^(autocreate_inbox_folders: Drafts)(\|Junk\|Trash)$/$1|Sent Items$2/'
}
