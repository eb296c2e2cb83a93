# checks: service/smtp
# about: server A's postfix is stopped: the relay's relayhost [VIP]:10025 refuses and relayed mail defers
fault_break() { lab_fault_stop servera postfix; }
fault_heal() { lab_fault_start servera postfix; }
