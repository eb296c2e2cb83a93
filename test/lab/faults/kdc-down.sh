# checks: identity/kinit
# about: the KDC (krb5kdc on the ad host, port 88) is stopped: kinit cannot reach any KDC for AD.EXAMPLE.COM
fault_break() { lab_fault_stop ad kdc; }
fault_heal() { lab_fault_start ad kdc; }
