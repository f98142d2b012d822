#!/usr/bin/env bash
# The CSV import benchmark: writes the benchmark's event log once (parcours bench csv; kept in
# parcours-cli/target/bench/), then times 'parcours import' of it on a fresh data folder three
# times, as a user runs it (JVM start, opening the folder and the final checkpoint included), and
# prints the figures recorded in docs/benchmarks.md. Usage: scripts/bench-import.sh [rows, default 10000000]
# PARCOURS_JAR=path/to/parcours.jar measures another build (an older commit, side by side);
# PARCOURS_CMD="java -cp ... io.parcours.cli.Parcours" runs the command line some other way (the tests).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rows="${1:-10000000}"
runs="${BENCH_RUNS:-3}"
if [ -n "${PARCOURS_CMD:-}" ]; then
  read -r -a parcours <<< "$PARCOURS_CMD"
else
  if [ -n "${PARCOURS_JAR:-}" ]; then
    jar="$PARCOURS_JAR"
  else
    "$root/parcours" --version >/dev/null   # builds the jar when needed
    jar="$root/parcours-cli/target/parcours.jar"
  fi
  parcours=(java ${PARCOURS_JAVA_OPTS:-} -jar "$jar")
fi
files="${BENCH_FILES:-$root/parcours-cli/target/bench}"
mkdir -p "$files"
csv="$files/events-$rows.csv"
if [ ! -s "$csv" ]; then
  "${parcours[@]}" bench csv --rows "$rows" --out "$csv.part" >&2
  mv "$csv.part" "$csv"
fi
data="$(mktemp -d)"
trap 'rm -rf "$data"' EXIT
echo "CSV import benchmark: $rows rows, $(du -h "$csv" | cut -f1) ($csv); $(nproc) cores; $(date -u +%Y-%m-%dT%H:%M:%SZ)"
for run in $(seq 1 "$runs"); do
  rm -rf "$data/db"
  start=$(date +%s.%N)
  out=$("${parcours[@]}" import "$csv" --data "$data/db" --workspace bench 2>&1)
  end=$(date +%s.%N)
  stored=$(printf '%s\n' "$out" | sed -n 's/.*read, \([0-9,]*\) stored.*/\1/p' | tr -d ,)
  if [ "$stored" != "$rows" ]; then
    echo "run $run: expected $rows rows stored, the import said: $out" >&2
    exit 1
  fi
  awk -v s="$start" -v e="$end" -v n="$rows" -v run="$run" -v size="$(du -sh "$data/db" | cut -f1)" \
    'BEGIN { t = e - s; printf "run %d: %.2f s, %d events/s, data folder %s\n", run, t, n / t, size }'
done
