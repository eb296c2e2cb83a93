# tomcat: the AJP side of an OX cluster node. Debian's tomcat10 with one AJP/1.3 connector on the node's
# address :8009 (secretRequired=false, as OX's own AJP connector had no secret) and jvmRoute taken from the
# node's /opt/open-xchange/etc/groupware/ajp.properties (AJP_JVM_ROUTE), serving the OX stand-in's /ajax.
# servera = node8888 (OX-1), servera2 = node9999 (OX-2), serverb standalone. CATALINA_BASE is /var/lib/tomcat10 of the host.
# shellcheck shell=bash
. "$LAB_DIR/services/_groupware.sh"

TOMCAT_BASE=/var/lib/tomcat10
TOMCAT_PID=/run/tomcat10.pid

tomcat_paths() { echo /var/lib/tomcat10; }

tomcat_prepare() {
  local host="$1" base f
  base="$(lab_root "$host")$TOMCAT_BASE"
  lab_render_tree "$host" /opt/open-xchange/etc/groupware/ajp.properties || return 1
  mkdir -p "$base"/{conf,logs,temp,work,webapps/ajax/WEB-INF/classes} "$(lab_root "$host")/var/log/tomcat10"
  for f in web.xml logging.properties catalina.properties context.xml; do cp /etc/tomcat10/$f "$base/conf/"; done
  cp "$LAB_DIR/standin/ajax/web.xml" "$base/webapps/ajax/WEB-INF/web.xml"
  tomcat_compiled_standin "$base/webapps/ajax/WEB-INF/classes"
}

# The stand-in servlet is compiled once per state directory and source version (javac costs seconds of CPU,
# and three hosts prepare at the same time); each host gets a copy.
tomcat_compiled_standin() {
  local dest="$1" src="$LAB_DIR/standin/ajax/AjaxStandin.java" cache sum
  sum="$(sha256sum "$src" | cut -c1-16)"
  cache="$LAB_STATE/cache/ajax-classes-$sum"
  (
    exec 8>"$LAB_STATE/cache.lock"
    flock 8
    if [ ! -d "$cache" ]; then
      mkdir -p "$cache.tmp" && javac -nowarn -d "$cache.tmp" -cp /usr/share/tomcat10/lib/servlet-api.jar "$src" &&
        mv "$cache.tmp" "$cache" || { rm -rf "$cache.tmp"; exit 1; }
    fi
  ) || return 1
  cp -a "$cache/." "$dest/"
}

tomcat_route() { sed -n 's/^AJP_JVM_ROUTE[:=][[:space:]]*//p' /opt/open-xchange/etc/groupware/ajp.properties | head -n1; }

tomcat_ready() { lab_port_open "$ADDR" 8009; }

tomcat_start() {
  local route
  route="$(tomcat_route)"
  [ -n "$route" ] || { lab_say "lab: tomcat: no AJP_JVM_ROUTE in ajp.properties"; return 1; }
  cat >"$TOMCAT_BASE/conf/server.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<!-- $(lab_fqdn "$1"): OX groupware AJP node (oxdoctor lab). jvmRoute from ajp.properties AJP_JVM_ROUTE. -->
<Server port="-1" shutdown="SHUTDOWN">
  <Service name="Catalina">
    <Connector protocol="AJP/1.3" address="$ADDR" port="8009" secretRequired="false" redirectPort="8443"/>
    <Engine name="Catalina" defaultHost="localhost" jvmRoute="$route">
      <Host name="localhost" appBase="webapps" unpackWARs="false" autoDeploy="false"/>
    </Engine>
  </Service>
</Server>
XML
  rm -f "$TOMCAT_PID"
  CATALINA_HOME=/usr/share/tomcat10 CATALINA_BASE="$TOMCAT_BASE" CATALINA_PID="$TOMCAT_PID" \
    CATALINA_OUT=/var/log/tomcat10/catalina.out CATALINA_TMPDIR="$TOMCAT_BASE/temp" \
    JAVA_OPTS="-Xms48m -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.security.egd=file:/dev/./urandom" \
    setsid /usr/share/tomcat10/bin/catalina.sh start </dev/null >>/var/log/tomcat10/start.log 2>&1 ||
    { lab_fail_with_log tomcat /var/log/tomcat10/catalina.out; return 1; }
  lab_wait 30 tomcat_ready || lab_fail_with_log tomcat /var/log/tomcat10/catalina.out
}

tomcat_stop() { lab_kill_pidfile "$TOMCAT_PID"; }

tomcat_status() { lab_pid_alive "$TOMCAT_PID" && tomcat_ready; }
