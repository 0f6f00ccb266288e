#!/usr/bin/env bash
# Server start on the embedded dataset, side by side with the small reports dataset (tests/data/reports):
# seconds from process start to /health answering and to the first territory GeoJSON of the last date (which needs the
# place cells), and the CPU seconds (user + sys) the process used by then. Each dataset gets a new SQLite store: the first
# start seeds it, the next RUNS starts open it. Pinned to 2 cores (taskset -c 0,1), as CI has.
#   bench/startup.sh [RUNS]     (default 3; port 18090)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
PORT=${PORT:-18090}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
dotnet publish src/FrontlineMaps.Server -c Release -o "$OUT/server" -v q >/dev/null

run() { # label kind db date extra-args...
  local label=$1 kind=$2 db=$3 date=$4; shift 4
  local start t1 t2 pid cpu1 cpu2 st
  start=$(date +%s.%N)
  taskset -c 0,1 dotnet "$OUT/server/FrontlineMaps.Server.dll" --urls "http://127.0.0.1:$PORT" --Store:Path="$db" \
    --Logging:LogLevel:Default=Warning "$@" >"$OUT/server.log" 2>&1 &
  pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$PORT/health"; do
    kill -0 "$pid" 2>/dev/null || { cat "$OUT/server.log"; exit 1; }
    sleep 0.02
  done
  t1=$(date +%s.%N); read -r -a st < "/proc/$pid/stat"; cpu1=$(( ${st[13]} + ${st[14]} ))
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/snapshots/$date.geojson?layer=territory"
  t2=$(date +%s.%N); read -r -a st < "/proc/$pid/stat"; cpu2=$(( ${st[13]} + ${st[14]} ))
  kill "$pid"; wait "$pid" 2>/dev/null || true
  local tick; tick=$(getconf CLK_TCK)
  printf '%-9s %-6s health %6.2f s (cpu %5.2f s)   first territory %6.2f s (cpu %5.2f s)\n' "$label" "$kind" \
    "$(echo "$t1 - $start" | bc)" "$(echo "$cpu1 / $tick" | bc -l)" "$(echo "$t2 - $start" | bc)" "$(echo "$cpu2 / $tick" | bc -l)"
}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) (wall times on a busy machine are inflated; the CPU seconds are steadier)"
for i in $(seq 0 "$RUNS"); do
  kind=$([ "$i" = 0 ] && echo seed || echo open)
  run embedded "$kind" "$OUT/embedded.sqlite" 2026-01-30
  run reports "$kind" "$OUT/reports.sqlite" 2020-12-25 --Store:Seed=tests/data/reports
done
