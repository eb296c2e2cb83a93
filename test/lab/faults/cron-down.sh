# checks: cron/ox-jobs
# about: cron is stopped on serverb: none of the OX jobs runs (setpostacl, purgit, copyjunkfilter, oxsync)
fault_break() { lab_fault_stop serverb cron; }
fault_heal() { lab_fault_start serverb cron; }
