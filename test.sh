#!/usr/bin/env bash
# The README's test command: sets up what the tests need on a fresh Debian 12 machine, then runs them.
set -euo pipefail
cd "$(dirname "$0")"

# Debian's Chromium for the browser tests (Playwright drives it; it never downloads a browser).
if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Debian's chromium for the browser tests..."
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

# Debian's Fashion-MNIST (IDX files under /usr/share/datasets/fashion-mnist) for the data set tests.
if [ ! -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]; then
  echo "Installing Debian's dataset-fashion-mnist for the data set tests..."
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dataset-fashion-mnist >/dev/null
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
