# checks: service/ajp
# about: tomcat of node8888 (route OX-1, AJP on servera:8009) is stopped; apache fails over to the hot standby OX-2
. "$LAB_DIR/services/_groupware.sh"

fault_break() { lab_service_in_ns servera tomcat stop; }

fault_heal() { lab_service_in_ns servera tomcat status || lab_service_in_ns servera tomcat start; }
