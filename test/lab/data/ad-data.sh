#!/usr/bin/env bash
# Writes the lab directory as LDIF on stdout: the AD layout the seed's maps and sync filters expect.
#   OX users        mail=<sam>@oxmail.example.com, SMTP:<sam>@example.com|org, extensionAttribute1=OX
#   OX+Exchange     mail=<sam>@example.com (Exchange mailbox), extensionAttribute1=OX, plus a contact
#                   (mail and SMTP:<sam>@oxmail.example.com, mailNickname=<sam>) that Exchange forwards to
#   infostore-only  mail=<sam>@oxmail.example.com, no extensionAttribute1
#   Exchange-only   mail=<sam>@example.com, no extensionAttribute1
#   test users      OX users test1001.. with known passwords; a disabled one (userAccountControl 514) and
#                   one whose password expired (pwdLastSet 0)
# Needs: lab.env variables, LDAP_BIND_HASH, and TEST_HASH_<login> for each test user (slappasswd hashes).
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"

base="$LAB_BASE_DN"
group="CN=OX Users,OU=Groups,$base"

cat <<LDIF
dn: $base
objectClass: top
objectClass: domain
dc: example

dn: CN=Users,$base
objectClass: container
cn: Users

LDIF
for ou in "Service Accounts" "OX Users" "Exchange Users" "Infostore Users" "Contacts" "Groups"; do
  printf 'dn: OU=%s,%s\nobjectClass: organizationalUnit\nou: %s\n\n' "$ou" "$base" "$ou"
done
cat <<LDIF
dn: $LAB_LDAP_BIND_DN
objectClass: user
cn: svc-postfix
sn: svc-postfix
sAMAccountName: svc-postfix
userPrincipalName: svc-postfix@ad.example.com
userAccountControl: 66048
userPassword: $LDAP_BIND_HASH

LDIF

# user OU SAM GIVEN SN MAIL EXT1 UAC PWDLASTSET PROXY... (proxy addresses as further args)
user() {
  local ou="$1" sam="$2" given="$3" sn="$4" mail="$5" ext1="$6" uac="$7" pls="$8"; shift 8
  printf 'dn: CN=%s %s,OU=%s,%s\nobjectClass: user\ncn: %s %s\nsn: %s\ngivenName: %s\ndisplayName: %s %s\n' \
    "$given" "$sn" "$ou" "$base" "$given" "$sn" "$sn" "$given" "$given" "$sn"
  printf 'sAMAccountName: %s\nuserPrincipalName: %s@ad.example.com\nmail: %s\nuserAccountControl: %s\npwdLastSet: %s\n' \
    "$sam" "$sam" "$mail" "$uac" "$pls"
  [ -n "$ext1" ] && printf 'extensionAttribute1: %s\nmemberOf: %s\n' "$ext1" "$group"
  local p; for p in "$@"; do printf 'proxyAddresses: %s\n' "$p"; done
  local hv="TEST_HASH_$sam"
  [ -n "${!hv-}" ] && printf 'userPassword: %s\n' "${!hv}"
  printf '\n'
}

# Sender domain of the n-th user: every fourth is example.org.
domain_of() { if (( 10#$1 % 4 == 0 )); then d=example.org; else d=example.com; fi; }

members=()
pls=134000000000000000   # a recent Windows FILETIME
n=0
for sam in $LAB_TEST_USERS; do
  n=$((n + 1))
  user "OX Users" "$sam" "Test" "$sam" "$sam@$LAB_MAIL_DOMAIN" OX 512 "$pls" \
    "SMTP:$sam@example.com" "smtp:$sam@example.org" "smtp:$sam@$LAB_MAIL_DOMAIN"
  members+=("CN=Test $sam,OU=OX Users,$base")
done
user "OX Users" "$LAB_DISABLED_USER" "Disabled" "$LAB_DISABLED_USER" "$LAB_DISABLED_USER@$LAB_MAIL_DOMAIN" OX 514 "$pls" \
  "SMTP:$LAB_DISABLED_USER@example.com" "smtp:$LAB_DISABLED_USER@$LAB_MAIL_DOMAIN"
user "OX Users" "$LAB_EXPIRED_USER" "Expired" "$LAB_EXPIRED_USER" "$LAB_EXPIRED_USER@$LAB_MAIL_DOMAIN" OX 512 0 \
  "SMTP:$LAB_EXPIRED_USER@example.com" "smtp:$LAB_EXPIRED_USER@$LAB_MAIL_DOMAIN"
members+=("CN=Disabled $LAB_DISABLED_USER,OU=OX Users,$base" "CN=Expired $LAB_EXPIRED_USER,OU=OX Users,$base")

# OX users with an Exchange mailbox and a forwarding contact.
for i in $(seq -w 1 "$LAB_OXEXCH_USERS"); do
  sam="oxex$i"; domain_of "$i"
  user "OX Users" "$sam" "Both" "$sam" "$sam@$d" OX 512 "$pls" "SMTP:$sam@$d"
  members+=("CN=Both $sam,OU=OX Users,$base")
  printf 'dn: CN=%s (OX),OU=Contacts,%s\nobjectClass: contact\ncn: %s (OX)\nsn: %s\ndisplayName: %s (OX)\nmail: %s@%s\nproxyAddresses: SMTP:%s@%s\nmailNickname: %s\n\n' \
    "$sam" "$base" "$sam" "$sam" "$sam" "$sam" "$LAB_MAIL_DOMAIN" "$sam" "$LAB_MAIL_DOMAIN" "$sam"
done

# The bulk of OX users, so that the sync filter matches more than AD's 1000-entry page.
bulk=$(( LAB_OX_USERS - $(wc -w <<<"$LAB_TEST_USERS") - LAB_OXEXCH_USERS ))
for i in $(seq -w 1 "$bulk"); do
  sam="ox$i"; domain_of "$i"
  user "OX Users" "$sam" "User" "$sam" "$sam@$LAB_MAIL_DOMAIN" OX 512 "$pls" \
    "SMTP:$sam@$d" "smtp:$sam@$LAB_MAIL_DOMAIN"
  members+=("CN=User $sam,OU=OX Users,$base")
done

for i in $(seq -w 1 "$LAB_INFOSTORE_USERS"); do
  sam="info$i"; domain_of "$i"
  user "Infostore Users" "$sam" "Info" "$sam" "$sam@$LAB_MAIL_DOMAIN" "" 512 "$pls" \
    "SMTP:$sam@$d" "smtp:$sam@$LAB_MAIL_DOMAIN"
done

for i in $(seq -w 1 "$LAB_EXCHANGE_USERS"); do
  sam="exch$i"; domain_of "$i"
  user "Exchange Users" "$sam" "Exchange" "$sam" "$sam@$d" "" 512 "$pls" "SMTP:$sam@$d"
done

printf 'dn: %s\nobjectClass: group\ncn: OX Users\nsAMAccountName: OX Users\n' "$group"
for m in "${members[@]}"; do printf 'member: %s\n' "$m"; done
printf '\n'
