#!/usr/bin/env bash
# Writes the legacy-store fixture (LegacyStore/): a data directory made by the server at COMMIT, before the store
# had EF Core migrations (its schema made by EnsureCreated, no __EFMigrationsHistory table).
#   make-legacy-store.sh COMMIT [REPO]     e.g. make-legacy-store.sh 61e78de3 /path/to/a/clone
# It clones REPO (default: this repository) at COMMIT into a temporary folder, builds it, starts its server with its
# local worker on 127.0.0.1:5193 over a fresh data directory, makes the runs below through the REST API, waits for
# each to end, stops the server, and copies hessianweb.db (checkpointed: no -wal file) and runs/ here.
set -euo pipefail
commit=${1:?the commit to build}
here=$(cd "$(dirname "$0")" && pwd)
repo=${2:-$(git -C "$here" rev-parse --show-toplevel)}
work=$(mktemp -d /tmp/legacy-store-XXXX)
api=http://127.0.0.1:5193/api
git clone -q "$repo" "$work/src" && git -C "$work/src" checkout -q "$commit"
dotnet build "$work/src/HessianWeb.sln" -v q
(cd "$work/src" && exec setsid dotnet run --no-build --project HessianWeb.Server -- --urls http://127.0.0.1:5193 --DataDirectory "$work/data") > "$work/server.log" 2>&1 &
server=$!
# Its own process group (setsid), so that one signal stops dotnet run, the server and its worker.
trap 'kill -TERM -- -$server 2>/dev/null || true' EXIT
"$here/fill-legacy-store.sh" "$api" "$work/src/examples/quickstart.json"

kill -TERM -- -$server; wait $server || true; trap - EXIT
# The server's WAL checkpointed into the file, so that one file holds everything.
python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('PRAGMA wal_checkpoint(TRUNCATE)'); c.execute('PRAGMA journal_mode=DELETE'); c.close()" "$work/data/hessianweb.db"
rm -rf "$here/LegacyStore/runs" "$here/LegacyStore/hessianweb.db"
cp "$work/data/hessianweb.db" "$here/LegacyStore/" && cp -r "$work/data/runs" "$here/LegacyStore/"
echo "Wrote $here/LegacyStore from $(git -C "$work/src" rev-parse HEAD): $(du -sh "$here/LegacyStore" | cut -f1)"
rm -rf "$work"
