#!/usr/bin/env bash
# The README's test command: sets up what the tests need on a fresh Debian 12 machine, then runs them.
set -euo pipefail
cd "$(dirname "$0")"

# Debian packages the tests need, installed on every run (apt-get leaves what is already there as it is, so on a
# machine that has them this costs a second): Chromium for the browser tests (Playwright drives it; it never downloads
# a browser), Fashion-MNIST (IDX files under /usr/share/datasets/fashion-mnist) for the data set tests, and scikit-learn
# (Debian's /usr/bin/python3 with python3-sklearn) which the blob tests run to compare with bit for bit.
# `env` carries DEBIAN_FRONTEND through sudo, and works with an empty $SUDO too (as root, a bare VAR=x after an empty
# word would be run as a command).
packages=(chromium dataset-fashion-mnist python3-sklearn)
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

# npm packages and the TorchSharp fix are applied by the build itself (see README).
log=$(mktemp)
set +e
dotnet test HessianWeb.sln "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One plain closing line, "N passed, N failed", summed over the runner's per-assembly summaries
# ("Passed!  - Failed: 0, Passed: 93, Skipped: 0, Total: 93, ...").
summary=$(grep -E '^(Passed|Failed)! +- ' "$log" || true)
passed=$(echo "$summary" | grep -oE 'Passed: +[0-9]+' | awk '{s+=$2} END {print s+0}')
failed=$(echo "$summary" | grep -oE 'Failed: +[0-9]+' | awk '{s+=$2} END {print s+0}')
rm -f "$log"
echo "$passed passed, $failed failed"
exit "$status"
