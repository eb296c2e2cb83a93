#!/usr/bin/python3
# First login of the given users on this host's cyrus, so their INBOX and the autocreate folders exist
# before mail arrives (autocreate_post is off, as in the seed). Logs in as the cyrus admin on behalf of each
# user (SASL PLAIN authzid), so it needs no user password. Admin password: ADMIN_PASSWORD in the environment.
# usage: _cyrus_first_login.py ADDRESS USER...
import base64, imaplib, os, sys

addr, users = sys.argv[1], sys.argv[2:]
password = os.environ["ADMIN_PASSWORD"]
failed = 0
for user in users:
    try:
        m = imaplib.IMAP4(addr, 143, timeout=10)
        token = ("%s\0cyrus\0%s" % (user, password)).encode()
        m.authenticate("PLAIN", lambda _: token)
        m.logout()
    except (imaplib.IMAP4.error, OSError) as e:
        sys.stderr.write("first login of %s failed: %s\n" % (user, e))
        failed += 1
sys.exit(1 if failed else 0)
