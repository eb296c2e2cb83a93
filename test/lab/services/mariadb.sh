# mariadb: the OX configdb of the cluster on server A, port 3313 as in the seed (initconfigdb
# --configdb-port=3313), own datadir in the host tree. User oxusr, password in $LAB_SECRETS/configdb.pw.
# shellcheck shell=bash
. "$LAB_DIR/services/_groupware.sh"

LAB_SECRET_CONFIGDB="$LAB_SECRETS/configdb.pw"

mariadb_paths() { echo /var/lib/mysql; echo copy /etc/mysql; }

mariadb_prepare() {
  local host="$1" root pw
  root="$(lab_root "$host")"
  lab_secret_ensure_shared "$LAB_SECRET_CONFIGDB"
  pw="$(lab_secret "$LAB_SECRET_CONFIGDB")"
  rm -f "$root/etc/mysql/my.cnf"
  cat >"$root/etc/mysql/my.cnf" <<CNF
# configdb of the OX cluster on $(lab_fqdn "$host") (oxdoctor lab)
[mysqld]
user = mysql
datadir = /var/lib/mysql
socket = /run/mysqld/mysqld.sock
pid-file = /run/mysqld/mysqld.pid
bind-address = $(lab_addr "$host")
port = 3313
skip-name-resolve
log-error = /var/log/mysql/error.log
innodb_buffer_pool_size = 32M

[client]
socket = /run/mysqld/mysqld.sock
CNF
  mkdir -p "$root/var/lib/mysql" "$root/var/log/mysql"
  chown mysql:mysql "$root/var/lib/mysql" "$root/var/log/mysql"
  mariadb-install-db --no-defaults --user=mysql --datadir="$root/var/lib/mysql" --skip-test-db \
    --auth-root-authentication-method=socket >"$root/var/log/mysql/install.log" 2>&1 ||
    { lab_fail_with_log "mariadb-install-db" "$root/var/log/mysql/install.log"; return 1; }
  # A small configdb: the tables oxdoctor might look at, with context 1 on server "oxserver".
  mariadbd --no-defaults --bootstrap --user=mysql --datadir="$root/var/lib/mysql" \
    >>"$root/var/log/mysql/install.log" 2>&1 <<SQL || { lab_fail_with_log "configdb bootstrap" "$root/var/log/mysql/install.log"; return 1; }
FLUSH PRIVILEGES;
CREATE DATABASE configdb;
CREATE USER 'oxusr'@'%' IDENTIFIED BY '$pw';
GRANT ALL ON configdb.* TO 'oxusr'@'%';
USE configdb;
CREATE TABLE server (server_id INT UNSIGNED PRIMARY KEY, name VARCHAR(255) NOT NULL);
INSERT INTO server VALUES (1, 'oxserver');
CREATE TABLE context (cid INT UNSIGNED PRIMARY KEY, name VARCHAR(128) NOT NULL, enabled BOOLEAN, filestore_id INT UNSIGNED, quota_max BIGINT);
INSERT INTO context VALUES ($LAB_OX_CONTEXT, 'defaultcontext', TRUE, 1, 200000);
CREATE TABLE login2context (cid INT UNSIGNED NOT NULL, login_info VARCHAR(128) NOT NULL PRIMARY KEY);
INSERT INTO login2context VALUES ($LAB_OX_CONTEXT, 'defaultcontext'), ($LAB_OX_CONTEXT, '$LAB_OX_CONTEXT');
CREATE TABLE db_pool (db_pool_id INT UNSIGNED PRIMARY KEY, url VARCHAR(255), name VARCHAR(128), max INT);
INSERT INTO db_pool VALUES (2, 'jdbc:mysql://localhost:3313', 'oxdatabasea', 100);
SQL
}

mariadb_ready() { lab_port_open "$ADDR" 3313; }

mariadb_start() {
  mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld
  rm -f /run/mysqld/mysqld.pid
  setsid /usr/sbin/mariadbd --defaults-file=/etc/mysql/my.cnf </dev/null >>/var/log/mysql/mariadbd.out 2>&1 &
  lab_wait 20 mariadb_ready || { lab_fail_with_log mariadb /var/log/mysql/error.log; return 1; }
  lab_wait 5 test -s /run/mysqld/mysqld.pid
}

mariadb_stop() { lab_kill_pidfile /run/mysqld/mysqld.pid; }

mariadb_status() { lab_pid_alive /run/mysqld/mysqld.pid && mariadb_ready; }
