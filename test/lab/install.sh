#!/usr/bin/env bash
# Installs every Debian package the lab runs (idempotent; apt-get update only when something is missing), then
# provisions the lab hosts once per state directory (test/lab/lab.sh provision).
# postfix is in the same command as cyrus-imapd: otherwise cyrus pulls in exim4, which postfix then removes.
set -euo pipefail

packages=(
  postfix postfix-ldap postfix-pcre procmail msmtp altermime
  cyrus-imapd cyrus-clients sasl2-bin libsasl2-modules libsasl2-modules-gssapi-mit
  slapd ldap-utils krb5-kdc krb5-admin-server krb5-user libkrb5-dev
  amavisd-new clamav-daemon clamdscan
  openssh-server openssh-client rsyslog cron libfaketime util-linux iproute2 socat openssl
  tomcat10 openjdk-17-jdk-headless apache2 mariadb-server
  monitoring-plugins tmux pflogsumm db-util nftables librsvg2-bin
  build-essential python3 perl ca-certificates
)

[ "$(id -u)" = 0 ] || { echo "install.sh: run as root" >&2; exit 1; }
export DEBIAN_FRONTEND=noninteractive

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
done
# Tests that read this machine itself as a postfix host (local transport) need a main.cf; postfix installed
# with "No configuration" has none. Debian's own default, never started here (the lab hosts have their own).
local_postfix_config() {
  [ -f /etc/postfix/main.cf ] || [ ! -f /usr/share/postfix/main.cf.debian ] || cp /usr/share/postfix/main.cf.debian /etc/postfix/main.cf
}

# The lab hosts' one-time setup (keys, directory, KDC and mail databases), so that `lab.sh up` only starts them.
provision_lab() {
  bash "$(dirname "$0")/lab.sh" provision
}

if [ ${#missing[@]} -eq 0 ]; then
  local_postfix_config
  echo "install.sh: all ${#packages[@]} packages present"
  provision_lab
  exit 0
fi

# Debian packages must not start their daemons here: the lab starts every daemon itself.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d
fi
# Preseed answers so nothing prompts.
debconf-set-selections <<'SEL'
postfix postfix/main_mailer_type select No configuration
postfix postfix/mailname string oxmail.example.com
slapd slapd/no_configuration boolean true
krb5-config krb5-config/default_realm string AD.EXAMPLE.COM
krb5-config krb5-config/add_servers_realm string AD.EXAMPLE.COM
krb5-config krb5-config/read_conf boolean true
krb5-admin-server krb5-admin-server/newrealm note
SEL

echo "install.sh: installing ${missing[*]}"
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${packages[@]}"
local_postfix_config
provision_lab
