# checks: mailbox/imap-login,mailbox/folders,mailbox/sent-acl
# about: saslauthd stopped on servera: every IMAP password login is "refused the credentials" though the passwords are good
fault_break() { lab_fault_stop servera saslauthd; }
fault_heal() { lab_fault_start servera saslauthd; }
