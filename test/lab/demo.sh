#!/usr/bin/env bash
# The newcomer's first command (as root, on a fresh Debian bookworm machine, from a clone):
# install everything, bring the lab up, and open oxdoctor on it.
set -euo pipefail
cd "$(dirname "$0")/../.."

bash test/lab/install.sh
npm ci --no-fund --no-audit
npm run build
bash test/lab/lab.sh up
echo
echo "oxdoctor against the lab (break something with: npm run lab -- faults / break NAME / heal NAME)"
echo
# The dashboard on a terminal; the text report otherwise. Its exit status is the worst result.
exec node dist/src/cli/main.js --config test/lab/oxdoctor.yaml "$@"
