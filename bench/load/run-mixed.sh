#!/usr/bin/env bash
# Mixed read/write load test: builds the server and CLI in Release, starts the server on a new SQLite store in bench/out/load
# (seeded from data/), creates an editor key, and runs wrk with mixed.lua (one request in WRITE_EVERY is a write).
# Usage: bench/load/run-mixed.sh [DURATION=30s] [CONNECTIONS=16] [THREADS=2]. Needs wrk (apt-get install wrk).
# SERVER_DLL and CLI choose other builds (default: this checkout's, built in Release), to compare two builds one after the other.
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-30s}; CONNECTIONS=${2:-16}; THREADS=${3:-2}; PORT=${PORT:-5099}
OUT=bench/out/load; rm -rf "$OUT"; mkdir -p "$OUT"
if [[ -z "${SERVER_DLL:-}" ]]; then
  dotnet build -c Release -v q -nologo src/FrontlineMaps.Server >/dev/null
  SERVER_DLL=src/FrontlineMaps.Server/bin/Release/net10.0/FrontlineMaps.Server.dll
fi
if [[ -z "${CLI:-}" ]]; then
  dotnet build -c Release -v q -nologo tools/FrontlineMaps.Cli >/dev/null
  CLI=tools/FrontlineMaps.Cli/bin/Release/net10.0/frontline
fi
export Store__Path="$PWD/$OUT/load.sqlite"
TOKEN=$("$CLI" keys create --role editor --name load-test 2>/dev/null)
dotnet "$SERVER_DLL" --urls "http://127.0.0.1:$PORT" \
  --RateLimits:Writes:PermitLimit=0 --RateLimits:ExpensiveReads:PermitLimit=0 --Logging:LogLevel:Default=Warning >"$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.5; done
BEFORE=$(sqlite3 "$Store__Path" 'SELECT count(*) FROM changes')
# Warm-up (JIT, caches), then the measured run.
TOKEN=$TOKEN wrk -t1 -c4 -d5s -s bench/load/mixed.lua "http://127.0.0.1:$PORT" >/dev/null
TOKEN=$TOKEN wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/load/mixed.lua "http://127.0.0.1:$PORT" | tee "$OUT/wrk.txt"
AFTER=$(sqlite3 "$Store__Path" 'SELECT count(*) FROM changes')
echo "changes written during the warm-up and the run: $((AFTER - BEFORE))"
