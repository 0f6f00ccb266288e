#!/usr/bin/env bash
# Time to visible of writes at scale (issue 15 item 24): for each size, a SQLite store made by `frontline generate` (20 changes a
# place, seed 7), the Release server on it, then
#   * one write:  ONE (10) claimed changes POSTed one after the other; each POST returns once the new state is served (MapSource),
#                 and a GET of the place's history right after must list the change: the figure is POST + GET, median and max;
#   * a burst:    BURST (200) POSTs at once (curl --parallel), wall time until the last is acknowledged, then one GET that must
#                 list all of them.
# Usage: bench/load/write-to-visible.sh [SIZES="1000 50000 1000000"]. SERVER_DLL chooses the server build (default: this
# checkout's Release build) and CLI the `frontline` executable (default: this checkout's, built in Release); run it once per build to
# compare (docs/performance.md). Results: bench/out/visible/results.txt.
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZES=${1:-"1000 50000 1000000"}; PORT=${PORT:-5098}; ONE=${ONE:-10}; BURST=${BURST:-200}
OUT=bench/out/visible; mkdir -p "$OUT"
if [[ -z "${CLI:-}" ]]; then
  dotnet build -c Release -v q -nologo tools/FrontlineMaps.Cli >/dev/null
  CLI=tools/FrontlineMaps.Cli/bin/Release/net10.0/frontline
fi
if [[ -z "${SERVER_DLL:-}" ]]; then
  dotnet build -c Release -v q -nologo src/FrontlineMaps.Server >/dev/null
  SERVER_DLL=src/FrontlineMaps.Server/bin/Release/net10.0/FrontlineMaps.Server.dll
fi
LABEL=${LABEL:-$(git rev-parse --short HEAD)}
SERVER=
trap '[[ -n "$SERVER" ]] && kill "$SERVER" 2>/dev/null || true' EXIT
now() { date +%s.%N; }
for N in $SIZES; do
  GEN="$OUT/gen-$N.sqlite"
  [[ -f "$GEN" ]] || "$CLI" generate --places $(( N / 20 > 50 ? N / 20 : 50 )) --changes "$N" --out "$GEN" 2>/dev/null
  STORE="$OUT/store-$N.sqlite"; rm -f "$STORE"*; cp "$GEN" "$STORE"
  export Store__Path="$PWD/$STORE"
  TOKEN=$("$CLI" keys create --role editor --name visible 2>/dev/null)
  DAY=$(sqlite3 "$STORE" "select max(valid_from) from changes")
  dotnet "$SERVER_DLL" --urls "http://127.0.0.1:$PORT" --RateLimits:Writes:PermitLimit=0 --RateLimits:ExpensiveReads:PermitLimit=0 \
    --Store:RefreshSeconds=0 --Logging:LogLevel:Default=Warning >"$OUT/server-$N.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.5; done
  post() { # id place
    curl -sf -o /dev/null -X POST "http://127.0.0.1:$PORT/api/changes" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
      -d "{\"id\":\"$1\",\"place\":\"$2\",\"faction\":\"F2\",\"valid_from\":\"$DAY\",\"kind\":\"capture\",\"status\":\"claimed\",\"sources\":[{\"source\":\"synthetic\"}]}"
  }
  visible() { curl -sf "http://127.0.0.1:$PORT/api/places/$1/history" | grep -q "\"$2\""; }
  post "warm-$LABEL" p000001; visible p000001 "warm-$LABEL"
  times=()
  for i in $(seq 1 "$ONE"); do
    place=$(printf 'p%06d' $(( (i * 7919) % (N / 20 > 50 ? N / 20 : 50) + 1 )))
    t0=$(now); post "one-$i" "$place"; visible "$place" "one-$i" || { echo "one-$i not visible" >&2; exit 1; }; t1=$(now)
    times+=("$(echo "($t1 - $t0) * 1000" | bc -l)")
  done
  one=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "median %.0f ms, max %.0f ms", a[int((NR+1)/2)], a[NR]}')
  CFG="$OUT/burst-$N.curl"; : >"$CFG"
  for i in $(seq 1 "$BURST"); do
    place=$(printf 'p%06d' $(( (i * 104729) % (N / 20 > 50 ? N / 20 : 50) + 1 )))
    printf 'url = "http://127.0.0.1:%s/api/changes"\nrequest = "POST"\nheader = "Authorization: Bearer %s"\nheader = "Content-Type: application/json"\ndata = "{\\"id\\":\\"burst-%s\\",\\"place\\":\\"%s\\",\\"faction\\":\\"F3\\",\\"valid_from\\":\\"%s\\",\\"kind\\":\\"capture\\",\\"status\\":\\"claimed\\",\\"sources\\":[{\\"source\\":\\"synthetic\\"}]}"\noutput = "/dev/null"\nwrite-out = "%%{http_code}\\n"\nnext\n' \
      "$PORT" "$TOKEN" "$i" "$place" "$DAY" >>"$CFG"
  done
  sed -i '$ d' "$CFG" # no "next" after the last
  t0=$(now); codes=$(curl -s --no-progress-meter --parallel --parallel-max "$BURST" -K "$CFG"); t1=$(now)
  ok=$(grep -c '^201$' <<<"$codes" || true)
  (( ok == BURST )) || { echo "only $ok of $BURST writes got 201:" >&2; sort <<<"$codes" | uniq -c >&2; exit 1; }
  last=$(printf 'p%06d' $(( (BURST * 104729) % (N / 20 > 50 ? N / 20 : 50) + 1 )))
  visible "$last" "burst-$BURST" || { echo "burst-$BURST not visible" >&2; exit 1; }
  burst=$(echo "($t1 - $t0) * 1000" | bc -l | xargs printf '%.0f')
  line="$LABEL changes=$N one write: $one; $BURST concurrent writes: $burst ms ($ok × 201)"
  echo "$line" | tee -a "$OUT/results.txt"
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=
done
