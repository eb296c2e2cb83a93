# syslog: one rsyslogd per host on its own /dev/log, writing RHEL-style files (/var/log/maillog, messages,
# secure, cron) in the traditional syslog format, as the seed's servers do.
# shellcheck shell=bash

syslog_prepare() {
  cat >"$(lab_root "$1")/etc/rsyslog.conf" <<'CONF'
module(load="imuxsock" SysSock.Name="/dev/log" SysSock.RateLimit.Interval="0")
$ActionFileDefaultTemplate RSYSLOG_TraditionalFileFormat
$FileCreateMode 0640
mail.*                                          -/var/log/maillog
cron.*                                          /var/log/cron
authpriv.*                                      /var/log/secure
*.info;mail.none;authpriv.none;cron.none        /var/log/messages
CONF
}

syslog_start() {
  rm -f /run/rsyslogd.pid
  rsyslogd -f /etc/rsyslog.conf -i /run/rsyslogd.pid </dev/null >/var/log/rsyslogd.out 2>&1 ||
    lab_fail_with_log rsyslogd /var/log/rsyslogd.out || return 1
  lab_wait 5 test -S /dev/log || lab_fail_with_log rsyslogd /var/log/rsyslogd.out
}

syslog_stop() { lab_kill_pidfile /run/rsyslogd.pid; rm -f /dev/log; }

syslog_status() { lab_pid_alive /run/rsyslogd.pid && test -S /dev/log; }
