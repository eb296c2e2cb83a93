# checks: service/lmtp
# about: server A's cyrus socket directory /var/lib/imap/socket is mode 700: root still reaches the LMTP socket, postfix cannot
fault_break() { chmod 700 "$(lab_root servera)/var/lib/imap/socket"; }
# 755 as the cyrus service prepares it.
fault_heal() { chmod 755 "$(lab_root servera)/var/lib/imap/socket"; }
