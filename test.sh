#!/usr/bin/env bash
# The README's test command: sets up what the tests need on a fresh Debian 12 machine, then runs them.
set -euo pipefail
cd "$(dirname "$0")"

# Debian packages the tests need, installed on every run (apt-get leaves what is already there as it is, so on a
# machine that has them this costs a second): Chromium for the browser tests (Playwright drives it; it never downloads
# a browser), Fashion-MNIST (IDX files under /usr/share/datasets/fashion-mnist) for the data set tests, and scikit-learn
# (Debian's /usr/bin/python3 with python3-sklearn) which the blob tests run to compare with bit for bit, and PostgreSQL
# and Redis for the store and scale-out tests (scripts/test-services.sh starts them on loopback).
# `env` carries DEBIAN_FRONTEND through sudo, and works with an empty $SUDO too (as root, a bare VAR=x after an empty
# word would be run as a command).
packages=(chromium dataset-fashion-mnist python3-sklearn postgresql redis-server)
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "test.sh: installing ${packages[*]} needs root or sudo" >&2; exit 1; }
  SUDO="sudo"
fi
install() { $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null; }
if ! install 2>/dev/null; then
  # A fresh machine has no package lists yet (or stale ones): fetch them once, then install for real.
  echo "Installing ${packages[*]} for the tests..."
  $SUDO apt-get update -qq
  install
fi

# shellcheck source=scripts/test-services.sh
source scripts/test-services.sh

# Test databases a test could not drop (a server restarted on the same data directory keeps its database until the end).
drop_test_databases() {
  $SUDO runuser -u postgres -- env -C / psql -qtA -c "SELECT datname FROM pg_database WHERE datname LIKE 'hw\_test\_%'" |
    while read -r db; do $SUDO runuser -u postgres -- env -C / psql -q -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)"; done
}

# npm packages and the TorchSharp fix are applied by the build itself (see README).
log=$(mktemp)
set +e
dotnet test HessianWeb.sln "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
# Second pass: the tests that use the store again, on PostgreSQL (Hosting/TestStore). The SQLite-only ones (the SQLite
# file's schema, legacy stores) are left out; they would run on SQLite again. A --filter given to this script narrows
# this pass too (both must hold), so `./test.sh --filter X` runs X's store tests on PostgreSQL and nothing else.
store='(FullyQualifiedName~HessianWeb.Tests.Server.Runs.|FullyQualifiedName~HessianWeb.Tests.Server.Workers.|FullyQualifiedName~HessianWeb.Tests.Server.Sweeps.|FullyQualifiedName~HessianWeb.Tests.Server.Artifacts.|FullyQualifiedName~HessianWeb.Tests.Server.Uploads.UploadsApiTests|FullyQualifiedName~HessianWeb.Tests.Server.Uploads.UploadedFilesTests|FullyQualifiedName~AccessServicesTests)&FullyQualifiedName!~Server.Runs.Migrations'
args=("$@")
for i in "${!args[@]}"; do
  if [ "${args[$i]}" = "--filter" ] && [ $((i + 1)) -lt ${#args[@]} ]; then store="($store)&(${args[$((i + 1))]})"; fi
done
HESSIANWEB_TEST_STORE=postgresql dotnet test HessianWeb.Tests --no-build --filter "$store" 2>&1 | tee -a "$log"
[ "${PIPESTATUS[0]}" -ne 0 ] && status=1
drop_test_databases
set -e

# One plain closing line, "N passed, N failed", summed over both passes' per-assembly summaries
# ("Passed!  - Failed: 0, Passed: 93, Skipped: 0, Total: 93, ...").
summary=$(grep -E '^(Passed|Failed)! +- ' "$log" || true)
passed=$(echo "$summary" | grep -oE 'Passed: +[0-9]+' | awk '{s+=$2} END {print s+0}')
failed=$(echo "$summary" | grep -oE 'Failed: +[0-9]+' | awk '{s+=$2} END {print s+0}')
rm -f "$log"
echo "$passed passed, $failed failed"
exit "$status"
