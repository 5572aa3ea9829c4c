#!/usr/bin/env bash
# On a GPU host: builds the worker against LibTorch with CUDA (-p:TorchBackend=cuda), prints the device it sees, runs
# the curvature bench on it, runs the quickstart through a server of its own (loopback, a temporary data directory)
# and a worker started with --device cuda, and prints one JSON line:
#   {"device":…,"bench":{…},"quickstart":{"status":…,"seconds":…,"workerDevice":…},"seconds":…}
# Exits 0 only when the quickstart completed on a CUDA worker; with no GPU it stops at once, saying so.
#   scripts/gpu-check.sh [--no-build]
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
client=HessianWeb.Client/bin/Release/net10.0/HessianWeb.Client.dll
work=""
pids=()

fail() { echo "gpu-check: $*" >&2; exit 1; }
cleanup() {
    if [ "${#pids[@]}" -gt 0 ]; then kill "${pids[@]}" 2>/dev/null || true; wait "${pids[@]}" 2>/dev/null || true; fi
    if [ -n "$work" ]; then rm -rf "$work"; fi
}
trap cleanup EXIT

command -v nvidia-smi >/dev/null || fail "no NVIDIA GPU here: nvidia-smi is not installed."
gpus=$(nvidia-smi --query-gpu=name --format=csv,noheader 2>/dev/null || true)
[ -n "$gpus" ] || fail "no NVIDIA GPU here: nvidia-smi lists none (is the driver loaded?)."

if [ "${1:-}" != "--no-build" ]; then
    echo "gpu-check: building with -p:TorchBackend=cuda" >&2
    dotnet build -c Release -p:TorchBackend=cuda HessianWeb.Server -v q -nologo >&2 \
        || fail "the CUDA build failed: TorchSharp-cuda-linux must come from your NuGet source (README, GPU hosts)."
fi

device=$(dotnet "$client" device --device cuda) || fail "the worker sees no CUDA device (its reason is above)."
echo "gpu-check: device $device" >&2

echo "gpu-check: bench curvature --device cuda" >&2
bench=$(dotnet "$client" bench curvature --device cuda) || fail "the curvature bench failed on cuda."
# One figure from the bench's JSON line whose text matches $1.
figure() { grep -F "$1" <<<"$bench" | head -n1 | sed -n "s/.*\"$2\":\([-0-9.eE+]*\).*/\1/p"; }
bench_json=$(printf '{"gradientMs":%s,"hvpMs":%s,"hvpPerGrad":%s,"ggnMs":%s,"lanczosFullMs":%s}' \
    "$(figure '"bench":"gradient"' gradientMs)" "$(figure '"bench":"hvp"' hvpMs)" "$(figure '"bench":"hvp"' hvpPerGrad)" \
    "$(figure '"bench":"ggn"' ggnMs)" "$(figure '"reorthogonalisation":"full"' totalMs)")

# The quickstart as the README runs it: a server (here with no local worker), a worker, POST examples/quickstart.json.
work=$(mktemp -d)
secret() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
admin="gpucheck_$(secret)"
token="gpucheck_$(secret)"
dotnet run --project HessianWeb.Server -c Release --no-build -- --DataDirectory "$work/data" \
    --Workers:StartLocalWorker false --urls http://127.0.0.1:0 --Access:BootstrapToken "$admin" \
    --Workers:Tokens:0 "$token" > "$work/server.log" 2>&1 &
pids+=("$!")
url=""
for _ in $(seq 120); do
    url=$(sed -n 's/.*Now listening on: \(http:[^ ]*\).*/\1/p' "$work/server.log" | head -n1)
    [ -n "$url" ] && break
    sleep 1
done
[ -n "$url" ] || { cat "$work/server.log" >&2; fail "the server did not start within 120 s."; }

HESSIANWEB_WORKER_TOKEN="$token" dotnet "$client" --server "$url" --name gpu-check --device cuda > "$work/worker.log" 2>&1 &
pids+=("$!")
quickstart_started=$(date +%s)
id=$(curl -sf -X POST "$url/api/runs" -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
    -d @examples/quickstart.json | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
[ -n "$id" ] || fail "the server did not take the quickstart."
status=queued
worker_device=""
for _ in $(seq 900); do
    status=$(curl -sf "$url/api/runs/$id" -H "Authorization: Bearer $admin" | sed -n 's/.*"status":"\([a-z]*\)".*/\1/p')
    [ -n "$worker_device" ] || worker_device=$(curl -sf "$url/api/workers" -H "Authorization: Bearer $admin" \
        | sed -n 's/.*"name":"gpu-check"[^}]*"device":"\([^"]*\)".*/\1/p')
    case "$status" in completed|failed|cancelled|diverged) break ;; esac
    sleep 1
done
quickstart_seconds=$(( $(date +%s) - quickstart_started ))
[ "$status" = completed ] || tail -n 20 "$work/worker.log" >&2

printf '{"device":"%s","bench":%s,"quickstart":{"status":"%s","seconds":%d,"workerDevice":"%s"},"seconds":%d}\n' \
    "$device" "$bench_json" "$status" "$quickstart_seconds" "$worker_device" "$(( $(date +%s) - started ))"
[ "$status" = completed ] || fail "the quickstart ended $status, not completed."
case "$worker_device" in cuda*) ;; *) fail "the worker registered as '$worker_device', not on cuda." ;; esac
