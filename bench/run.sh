#!/usr/bin/env bash
# Side-by-side: PostGIS (ST_AsMVT behind a thin Npgsql endpoint) vs FrontlineMaps on the same 50k villages / 1M events,
# same tile lists, same client (wrk -t1 -c4), A/B alternating. Run bench/postgis-setup.sh once first. See bench/README.md.
#
#   bench/run.sh                 # everything; results in bench/out/results.md
#   RUNS=3 DURATION=4s bench/run.sh
#
# Environment: RUNS (5), DURATION (8s), ONCE_DURATION_Z8 (20s: the z8 one-pass run; PostGIS needs ~10 s for 30 tiles), ZOOMS ("8 10 12"), SAMPLE (tiles per zoom decoded for the comparison, 4),
# GEOJSON_DATES (snapshots per GeoJSON run, 5), PORT_PG/PORT_FM/PORT_FLOOR (18081/18082/18083), SHARED,
# FM_NOCACHE_ARGS (extra FrontlineMaps arguments that turn its tile cache off, if it has such a switch: then "uncached"
# runs use them instead of restarting), FM_GEOJSON_PATH (see lib/geojson_bench.py), SKIP_FLOOR=1, SKIP_FM=1,
# FM_CMD (a stand-in for the FrontlineMaps server, run as `FM_CMD URL DATA`, to test the harness itself).
# Everything listens on 127.0.0.1 and everything it starts is stopped on exit.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
shared="${SHARED:-$(cd "$repo/.." && pwd)/shared}/bench/postgis"
out="$here/out"
RUNS="${RUNS:-5}"; DURATION="${DURATION:-8s}"; ONCE_DURATION_Z8="${ONCE_DURATION_Z8:-20s}"; ZOOMS="${ZOOMS:-8 10 12}"; SAMPLE="${SAMPLE:-4}"; GEOJSON_DATES="${GEOJSON_DATES:-5}"
PORT_PG="${PORT_PG:-18081}"; PORT_FM="${PORT_FM:-18082}"; PORT_FLOOR="${PORT_FLOOR:-18083}"
PG="http://127.0.0.1:$PORT_PG"; FM="http://127.0.0.1:$PORT_FM"; FLOOR="http://127.0.0.1:$PORT_FLOOR"
pgbin=/usr/lib/postgresql/15/bin
log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

[[ -f "$out/pg.env" && -f "$out/villages.csv" ]] || { echo "run bench/postgis-setup.sh first" >&2; exit 1; }
source "$out/pg.env"
for t in wrk ogrinfo python3 curl dotnet; do command -v $t >/dev/null || { echo "missing $t (bench/postgis-setup.sh installs wrk and gdal-bin)" >&2; exit 1; }; done
if (( $(id -u) == 0 )); then pgrun() { runuser -u postgres -- "$@"; }; else pgrun() { "$@"; }; fi

pids=(); fm_pid=; pg_started=0
cleanup() {
  for p in "${pids[@]}" $fm_pid; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}" $fm_pid; do wait "$p" 2>/dev/null || true; done
  if (( pg_started )); then pgrun "$pgbin/pg_ctl" -D "$out/pgdata" -m fast -w stop >/dev/null || true; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_up() { # url seconds [pid]
  for ((i = 0; i < $2 * 5; i++)); do
    curl -s -o /dev/null --max-time 2 "$1" && return 0
    if [[ -n "${3:-}" ]] && ! kill -0 "$3" 2>/dev/null; then echo "the server for $1 exited (see bench/out/*.log)" >&2; return 1; fi
    sleep 0.2
  done
  echo "no answer from $1 after $2 s" >&2; return 1
}
for p in $PORT_PG $PORT_FM $PORT_FLOOR; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "port $p is in use; set PORT_PG/PORT_FM/PORT_FLOOR" >&2; exit 1; fi
done

# 1. Build (by path: the bench projects are not in FrontlineMaps.sln)
log "building (Release)"
for p in bench/PostgisTiles/PostgisTiles.csproj bench/FixedBytes/FixedBytes.csproj src/FrontlineMaps.Server/FrontlineMaps.Server.csproj tools/FrontlineMaps.Cli/FrontlineMaps.Cli.csproj; do
  dotnet build -c Release -v q -nologo "$repo/$p" >"$out/build.log" 2>&1 || { cat "$out/build.log" >&2; exit 1; }
done
if [[ ! -f "$out/bench.sqlite" ]]; then
  log "importing bench/out into bench/out/bench.sqlite"
  dotnet "$repo/tools/FrontlineMaps.Cli/bin/Release/net10.0/frontline.dll" import postgis-bench "$out" --out "$out/bench.sqlite"
fi

# 2. Start PostgreSQL, the thin endpoint, the floor
if ! pgrun "$pgbin/pg_ctl" -D "$out/pgdata" status >/dev/null 2>&1; then
  pgrun "$pgbin/pg_ctl" -D "$out/pgdata" -l "$out/pgdata/server.log" -w -t 60 start >/dev/null; pg_started=1
fi
dotnet "$here/PostgisTiles/bin/Release/net10.0/PostgisTiles.dll" --urls "$PG" --Queries="$shared/queries" \
  "--Pg=Host=127.0.0.1;Port=$PGPORT_BENCH;Username=postgres;Database=bench;Pooling=true" >"$out/postgis-tiles.log" 2>&1 & pids+=($!)
if [[ "${SKIP_FLOOR:-0}" != 1 ]]; then
  dotnet "$here/FixedBytes/bin/Release/net10.0/FixedBytes.dll" --urls "$FLOOR" >"$out/fixed-bytes.log" 2>&1 & pids+=($!)
fi

start_fm() { # extra args...
  if [[ -n "${FM_CMD:-}" ]]; then  # a stand-in server, to test the harness: FM_CMD URL DATA [args]
    $FM_CMD "$FM" "$out/bench.sqlite" "$@" >>"$out/frontlinemaps.log" 2>&1 &
  else
    (cd "$repo/src/FrontlineMaps.Server" && exec dotnet bin/Release/net10.0/FrontlineMaps.Server.dll --urls "$FM" \
       "--FrontlineMaps:Data=$out/bench.sqlite" --Logging:LogLevel:Default=Warning "$@") >>"$out/frontlinemaps.log" 2>&1 &
  fi
  fm_pid=$!
  wait_up "$FM/" 300 "$fm_pid"
}
stop_fm() { [[ -n "$fm_pid" ]] && { kill "$fm_pid" 2>/dev/null || true; wait "$fm_pid" 2>/dev/null || true; fm_pid=; }; }

wait_up "$PG/all/12/0/0?t=2018-06-15" 60 "${pids[0]}"
[[ "${SKIP_FLOOR:-0}" == 1 ]] || wait_up "$FLOOR/200" 60

# 3. Tile lists: the shared ones for PostGIS, the same requests in FrontlineMaps' form
mkdir -p "$out/lists" "$out/wrk" "$out/tiles"
for z in $ZOOMS; do
  # the three layers the PostGIS query returns (FrontlineMaps' tiles also have a 'changes' layer unless asked not to)
  sed -E "s#^/all/([0-9]+)/([0-9]+)/([0-9]+)\\?t=([0-9-]+)\$#/tiles/\\4/\\1/\\2/\\3.mvt?layers=${FM_LAYERS:-places,territory,frontlines}#" "$shared/tiles_all_z$z.txt" >"$out/lists/fm_z$z.txt"
done
first_fm_tile="$(head -1 "$out/lists/fm_z${ZOOMS##* }.txt")"

fm_ok=0
if [[ "${SKIP_FM:-0}" != 1 ]]; then
  log "starting FrontlineMaps on $FM with bench/out/bench.sqlite"
  : >"$out/frontlinemaps.log"
  start_fm
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 60 "$FM$first_fm_tile")
  if [[ "$code" == 200 ]]; then fm_ok=1
  else
    log "FrontlineMaps answers $code for $first_fm_tile: its tile endpoint is not there yet; SKIPPING the FrontlineMaps side (PostGIS and floor only)"
    stop_fm
  fi
fi

# 4. Same answers? Decode a sample of both servers' tiles with ogrinfo
if (( fm_ok )); then
  rm -f "$out/tiles/"*.mvt; : >"$out/compare.txt"
  for z in $ZOOMS; do
    paste -d' ' <(head -"$SAMPLE" "$shared/tiles_all_z$z.txt") <(head -"$SAMPLE" "$out/lists/fm_z$z.txt") | while read -r a b; do
      IFS='/?=' read -r _ _ tz tx ty _ td <<<"$a"
      # an empty tile may come back as 204 (or an error): an empty file, which ogrinfo reads as no layers
      curl -s --max-time 120 -o "$out/tiles/pg_${tz}_${tx}_${ty}_$td.mvt" "$PG$a" || : >"$out/tiles/pg_${tz}_${tx}_${ty}_$td.mvt"
      curl -s --max-time 120 -o "$out/tiles/fm_${tz}_${tx}_${ty}_$td.mvt" "$FM$b" || : >"$out/tiles/fm_${tz}_${tx}_${ty}_$td.mvt"
    done
  done
  log "comparing decoded tiles (ogrinfo)"
  python3 "$here/lib/compare_tiles.py" "$out/tiles" | tee "$out/compare.txt"
fi

# 5. wrk, A/B alternating
results="$out/results.tsv"
printf '#kind\tside\tcase\trun\trps\tp50_ms\tp99_ms\n' >"$results"
wrk_run() { # kind side case run url list once
  local f="$out/wrk/$1_$2_$3_$4.txt"
  local d="$DURATION"; [[ "$7" == 1 && "$3" == z8 ]] && d="$ONCE_DURATION_Z8"
  ONCE="$7" TILES="$6" timeout 120 wrk -t1 -c4 -d"$d" --latency -s "$here/wrk_tiles.lua" "$5" >"$f" 2>&1 || true
  read -r rps p50 p99 avg n bad < <(python3 "$here/lib/wrkparse.py" <"$f")
  if [[ "$7" == 1 ]]; then rps=$(python3 -c "print(f'{4000/$avg:.1f}' if $avg > 0 else 'nan')"); fi
  (( bad == 0 )) || log "  WARNING: $bad non-2xx responses in $f"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$rps" "$p50" "$p99" >>"$results"
  log "  $1 $2 $3 run $4: $rps req/s, p50 $p50 ms, p99 $p99 ms ($n requests)"
}
sides=(pg); (( fm_ok )) && sides+=(fm)
# PostgreSQL's buffers warm (FrontlineMaps holds everything in memory): one unrecorded pass over every list
log "warming PostgreSQL: one pass over each tile list"
for z in $ZOOMS; do
  ONCE=1 TILES="$shared/tiles_all_z$z.txt" timeout 120 wrk -t1 -c4 -d"$( [[ $z == 8 ]] && echo "$ONCE_DURATION_Z8" || echo "$DURATION")" \
    -s "$here/wrk_tiles.lua" "$PG" >/dev/null 2>&1 || true
done
for z in $ZOOMS; do
  for ((r = 1; r <= RUNS; r++)); do
    # alternate which side goes first
    order=("${sides[@]}"); (( r % 2 == 0 && ${#sides[@]} == 2 )) && order=(fm pg)
    for s in "${order[@]}"; do
      if [[ $s == pg ]]; then url=$PG; list="$shared/tiles_all_z$z.txt"; else url=$FM; list="$out/lists/fm_z$z.txt"; fi
      if [[ $s == fm && -n "${FM_NOCACHE_ARGS:-}" ]]; then
        # uncached on a warm server: the cache is switched off, one unrecorded pass brings the JIT to its optimised
        # tier, then wrk cycles the list for DURATION (every request encodes its tile)
        stop_fm; start_fm $FM_NOCACHE_ARGS
        ONCE=1 TILES="$list" timeout 120 wrk -t1 -c4 -d"$DURATION" -s "$here/wrk_tiles.lua" "$url" >/dev/null 2>&1 || true
        wrk_run tile_uncached "$s" "z$z" "$r" "$url" "$list" 0
        stop_fm; start_fm; ONCE=1 TILES="$list" timeout 120 wrk -t1 -c4 -d"$DURATION" -s "$here/wrk_tiles.lua" "$url" >/dev/null 2>&1 || true
      else
        [[ $s == fm ]] && { stop_fm; start_fm; }  # uncached: a fresh process, then one pass
        # warm the code path (JIT) on the same tiles at a date before every event, which no list entry shares
        head -5 "$list" | sed -E 's/2[0-9]{3}-[0-9]{2}-[0-9]{2}/2010-06-01/' | while read -r p; do curl -s -o /dev/null --max-time 60 "$url$p" || true; done
        wrk_run tile_uncached "$s" "z$z" "$r" "$url" "$list" 1
      fi
      wrk_run tile_cached "$s" "z$z" "$r" "$url" "$list" 0
    done
  done
done

# GeoJSON snapshots of all villages, dates from the z10 list
cut -d= -f2 "$shared/tiles_all_z10.txt" >"$out/lists/dates.txt"
for ((r = 1; r <= RUNS; r++)); do
  for s in "${sides[@]}"; do
    url=$PG; [[ $s == fm ]] && url=$FM
    if read -r medms maxms bytes feats < <(python3 "$here/lib/geojson_bench.py" "$s" "$url" "$out/lists/dates.txt" "$GEOJSON_DATES" 2>"$out/geojson_$s.err"); then
      printf 'geojson\t%s\tall\t%s\tnan\t%s\t%s\n' "$s" "$r" "$medms" "$maxms" >>"$results"
      log "  geojson $s run $r: median $medms ms per snapshot, max $maxms ms, $bytes bytes, $feats features"
    else
      log "  geojson $s run $r failed: $(tail -1 "$out/geojson_$s.err")"
    fi
  done
done

# The floor
if [[ "${SKIP_FLOOR:-0}" != 1 ]]; then
  for ((r = 1; r <= RUNS; r++)); do
    for b in 200 45k 450k; do
      f="$out/wrk/floor_${b}_${r}.txt"
      timeout 120 wrk -t1 -c4 -d"$DURATION" --latency "$FLOOR/$b" >"$f" 2>&1 || true
      read -r rps p50 p99 avg n bad < <(python3 "$here/lib/wrkparse.py" <"$f")
      printf 'floor\tkestrel\t%s\t%s\t%s\t%s\t%s\n' "$b" "$r" "$rps" "$p50" "$p99" >>"$results"
      log "  floor $b run $r: $rps req/s, p50 $p50 ms, p99 $p99 ms"
    done
  done
fi

# 6. Medians and ratios
{
  echo "# FrontlineMaps vs PostGIS — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, runs=$RUNS, duration=$DURATION"
  echo
  echo "Data: 50,000 villages, $(wc -l <"$out/events.csv") events (control_events_c). Medians over runs; A/B alternating."
  (( fm_ok )) || echo "**FrontlineMaps side skipped**: its tile endpoint answered 404 (not merged yet). Re-run bench/run.sh after merging."
  if (( fm_ok )); then
    if [[ -z "${FM_NOCACHE_ARGS:-}" ]]; then echo "FrontlineMaps uncached = first pass over the list after a restart (no cache switch given)."
    else echo "FrontlineMaps uncached = a warm server with its tile cache off ($FM_NOCACHE_ARGS), wrk cycling the list for $DURATION."; fi
  fi
  echo
  DURATION="$DURATION" FM_NOCACHE_ARGS="${FM_NOCACHE_ARGS:-}" python3 "$here/lib/summarize.py" "$results"
  [[ -f "$out/compare.txt" ]] && (( fm_ok )) && { echo "### Tile comparison (ogrinfo)"; echo; echo '```'; cat "$out/compare.txt"; echo '```'; }
  true
} >"$out/results.md"
cat "$out/results.md"
