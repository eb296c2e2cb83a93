# checks: service/amavis
# about: amavisd-new on the relay is stopped: 127.0.0.1:10024 refuses and mail waits in the relay's queue
fault_break() { lab_fault_stop relay amavis; }
fault_heal() { lab_fault_start relay amavis; }
