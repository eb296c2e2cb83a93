# checks: service/imap,service/lmtp,service/sieve,mailbox/imap-login
# about: cyrus master stopped on servera: no IMAP, LMTP or sieve; postfix defers local delivery
. "$LAB_DIR/services/_groupware.sh"

fault_break() { lab_service_in_ns servera cyrus stop; }

fault_heal() { lab_service_in_ns servera cyrus status || lab_service_in_ns servera cyrus start; }
