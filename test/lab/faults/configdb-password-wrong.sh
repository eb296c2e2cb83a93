# checks: ox/listuser,ox/sync-coverage
# about: servera's configdb.properties has a wrong configdb password: the admin CLI fails with a storage error (exit 106) while the configdb itself answers (service/mysql OK)
. "$LAB_DIR/services/_groupware.sh"
fault_conf() { printf '%s/opt/open-xchange/etc/configdb.properties' "$(lab_root servera)"; }
fault_break() {
  grep -q '^readProperty\.2=password=.*-lab-wrong$' "$(fault_conf)" && return 0
  lab_edit_in_place "$(fault_conf)" 's{^(readProperty\.2=password=.*)$}{$1-lab-wrong}'
}
fault_heal() { lab_edit_in_place "$(fault_conf)" 's{^(readProperty\.2=password=.*)-lab-wrong$}{$1}'; }
