# checks: identity/kinit
# about: the test user test1001's account has expired in the KDC (AD: accountExpires passed; kinit: Client's entry in database has expired)
fault_break() { echo 'modprinc -expire "2020-01-01 00:00:00" test1001' | lab_fault_kadmin; }
fault_heal() { echo 'modprinc -expire never test1001' | lab_fault_kadmin; }
