# checks: service/clamd
# about: clamd on the relay is stopped: PING gets no PONG and amavis cannot scan (mail is tempfailed)
fault_break() { lab_fault_stop relay clamd; }
fault_heal() { lab_fault_start relay clamd; }
