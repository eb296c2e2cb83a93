# checks: service/mysql,ox/listuser
# about: the configdb (mariadb on servera:3313) is stopped: listuser fails with a storage error (exit 106) on servera and serverb
. "$LAB_DIR/services/_groupware.sh"

fault_break() { lab_service_in_ns servera mariadb stop; }

fault_heal() { lab_service_in_ns servera mariadb status || lab_service_in_ns servera mariadb start; }
