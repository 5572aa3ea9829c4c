#!/usr/bin/env bash
# Fills a running server's store with the legacy-store fixture's runs through the REST API and waits for each to
# end (make-legacy-store.sh calls it):   fill-legacy-store.sh http://127.0.0.1:5193/api QUICKSTART_JSON
set -euo pipefail
api=${1:?the API address}
quickstart=${2:?examples/quickstart.json of the commit}
until curl -sf "$api/workers" | jq -e 'length > 0' > /dev/null; do sleep 1; done
post() { curl -sf -X POST "$api/$1" -H 'Content-Type: application/json' -d "$2"; }
status() { curl -sf "$api/runs/$1" | jq -r .status; }
await_end() { # a run ended (completed/failed/cancelled/diverged) and no new analysis of it pending
  until s=$(status "$1") && [[ $s =~ ^(completed|failed|cancelled|diverged)$ ]] \
    && [[ $(curl -sf "$api/runs/$1/analyses" | jq '[.[] | select(.status == "queued" or .status == "running")] | length') == 0 ]]; do sleep 1; done
}
# The densities' grid and probes made small: at the defaults they alone would make the file megabytes.
small_density='{ "probes": 4, "steps": 30, "relativeWidth": 0.05, "gridPoints": 151 }'
quick=$(jq -c --argjson d "$small_density" '.training.epochs = 300 | .analysis.density = $d' "$quickstart")

# 1. A completed quickstart run (300 epochs), then a re-analysis (Gauss–Newton decomposition) and an interpolation
#    of it, then tags, a note.
q=$(post runs "$quick" | jq -r .id); await_end "$q"
post "runs/$q/analyses" '{ "checkpoint": "end", "analysis": { "lanczosK": 5, "lanczosBottomK": 0, "decomposition": true, "density": { "enabled": false } } }' > /dev/null
await_end "$q"
post "runs/$q/interpolations" '{ "from": { "checkpoint": "init" }, "to": { "checkpoint": "end" }, "points": 11 }' > /dev/null
await_end "$q"
curl -sf -X PATCH "$api/runs/$q" -H 'Content-Type: application/json' -d '{ "tags": ["paper", "fixture"], "note": "Written by the **legacy** server." }' > /dev/null

# 2. A small sweep over two seeds, analysed every 50 epochs; one of its runs archived.
s=$(post sweeps '{ "name": "seeds", "base": { "training": { "epochs": 100 }, "analysis": { "everyEpochs": 50, "lanczosK": 3, "lanczosBottomK": 0, "density": '"$small_density"' } }, "axes": [ { "path": "training.seed", "values": [0, 1] } ] }' | jq -r .id)
for r in $(curl -sf "$api/sweeps/$s" | jq -r '.runs[].id'); do await_end "$r"; last=$r; done
curl -sf -X PATCH "$api/runs/$last" -H 'Content-Type: application/json' -d '{ "archived": true }' > /dev/null

# 3. A run that fails before training (no such data directory), and one cancelled while it trains.
f=$(post runs '{ "name": "missing mnist", "data": { "kind": "mnist", "directory": "/nonexistent/mnist" } }' | jq -r .id); await_end "$f"
c=$(post runs "$(jq -c '.name = "cancelled" | .training.epochs = 1000000 | .training.gradNormTolerance = 0' <<< "$quick")" | jq -r .id)
until [[ $(curl -sf "$api/runs/$c/events" | jq '[.[] | select(.kind == "epoch")] | length') -gt 5 ]]; do sleep 1; done
curl -sf -X POST "$api/runs/$c/cancel" > /dev/null; await_end "$c"

