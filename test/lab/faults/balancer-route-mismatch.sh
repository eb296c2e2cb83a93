# checks: cluster/ajp-routes
# about: node8888's AJP_JVM_ROUTE is OX-3 (tomcat restarted with it) while apache's balancer member says route=OX-1: sessions lose stickiness
. "$LAB_DIR/services/_groupware.sh"

ROUTE_FILE=/opt/open-xchange/etc/groupware/ajp.properties

fault_break() {
  grep -q '^AJP_JVM_ROUTE:OX-3$' "$(lab_root servera)$ROUTE_FILE" && return 0
  lab_edit_in_place "$(lab_root servera)$ROUTE_FILE" 's/^AJP_JVM_ROUTE:.*/AJP_JVM_ROUTE:OX-3/' &&
    lab_service_restart servera tomcat
}

fault_heal() {
  if grep -q '^AJP_JVM_ROUTE:OX-1$' "$(lab_root servera)$ROUTE_FILE"; then
    lab_service_in_ns servera tomcat status || lab_service_in_ns servera tomcat start
    return
  fi
  lab_edit_in_place "$(lab_root servera)$ROUTE_FILE" 's/^AJP_JVM_ROUTE:.*/AJP_JVM_ROUTE:OX-1/' &&
    lab_service_restart servera tomcat
}
