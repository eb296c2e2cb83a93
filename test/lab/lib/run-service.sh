# Entry point inside a host's namespace: run-service.sh SVC ACTION HOST (see lib/service.sh).
set -uo pipefail
. "$(dirname "$0")/common.sh"
. "$LAB_DIR/lib/service.sh"
svc="$1" action="$2" host="$3"
lab_service_load "$svc" || lab_die "no service module $svc"
lab_template_env "$host"
# Daemons started here would inherit it: templates are rendered at prepare time, outside the namespace.
unset LDAP_BIND_PW
"${svc}_${action}" "$host"
