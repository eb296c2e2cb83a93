#!/usr/bin/env bash
# The whole test suite from a fresh clone on a fresh Debian machine (as root):
# system packages for the lab, npm dependencies, a build, then every test (the lab starts once).
set -euo pipefail
cd "$(dirname "$0")/.."

bash test/lab/install.sh
npm ci --no-fund --no-audit
npm run build
# The layer rules (ESLint) and the formatting (Prettier): a broken rule fails the suite like a failed test.
npm run lint

report="$(mktemp -t oxdoctor-vitest-XXXXXX.json)"
trap 'rm -f "$report"' EXIT
status=0
npx vitest run --reporter=default --reporter=json --outputFile="$report" || status=$?

# One plain closing line that any CI reads, whatever the runner prints above it.
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
' "$report" || true
exit "$status"
