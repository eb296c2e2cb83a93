# checks: ox/listuser
# about: the test user is deleted from OX (stand-in user store) on servera; the nightly oxsync would bring it back
. "$LAB_DIR/services/_groupware.sh"

fault_break() {
  lab_exec servera /usr/bin/python3 - "${LAB_TEST_USERS%% *}" <<'PY'
import json, os, sys
path = "/opt/open-xchange/var/standin-userdb.json"
db = json.load(open(path))
for ctx in db["contexts"].values():
    ctx["users"].pop(sys.argv[1].lower(), None)
tmp = path + ".fault"
with open(tmp, "w") as f:
    json.dump(db, f, sort_keys=True)
os.chmod(tmp, 0o640)
os.rename(tmp, path)
PY
}

fault_heal() { lab_exec servera /opt/open-xchange/sbin/oxsync >/dev/null; }
