# checks: identity/kinit
# about: the test user test1001's password has expired in the KDC (kinit: Password expired)
fault_break() { echo 'modprinc -pwexpire "2020-01-01 00:00:00" test1001' | lab_fault_kadmin; }
fault_heal() { echo 'modprinc -pwexpire never test1001' | lab_fault_kadmin; }
