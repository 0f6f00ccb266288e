#!/usr/bin/env bash
# Builds the PostGIS reference data set of ../shared/bench/postgis in a throw-away PostgreSQL 15 cluster and exports it
# as CSV for `frontline import postgis-bench bench/out --out bench/out/bench.sqlite`.
#
#   bench/postgis-setup.sh            # install (if missing), create cluster, load, export; leaves the cluster stopped
#   bench/postgis-setup.sh --force    # throw away bench/out/pgdata and start over
#
# Environment: BENCH_PG_PORT (default: first free port from 54329), SHARED (default: ../shared beside the checkout).
# The cluster lives in bench/out/pgdata (git-ignored), listens on 127.0.0.1 only, trusts loopback connections and is
# never registered with pg_lsclusters; an existing cluster (e.g. Debian's 15/main) is never touched.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
shared="${SHARED:-$(cd "$repo/.." && pwd)/shared}/bench/postgis"
out="$here/out"
pgdata="$out/pgdata"
pgbin=/usr/lib/postgresql/15/bin
force=0
[[ "${1:-}" == "--force" ]] && force=1

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
t0=$SECONDS

for f in schema.sql dedupe.sql cells.sql clustered.sql; do
  [[ -f "$shared/$f" ]] || { echo "missing $shared/$f (set SHARED to the shared folder)" >&2; exit 1; }
done

# 1. Packages (Debian bookworm: PostgreSQL 15, PostGIS 3; wrk and ogrinfo for run.sh)
need=()
[[ -x "$pgbin/postgres" ]] || need+=(postgresql-15)
[[ -f /usr/share/postgresql/15/extension/postgis.control ]] || need+=(postgresql-15-postgis-3)
command -v wrk >/dev/null || need+=(wrk)
command -v ogrinfo >/dev/null || need+=(gdal-bin)
if ((${#need[@]})); then
  log "installing ${need[*]}"
  SUDO=; (( $(id -u) == 0 )) || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

# Run PostgreSQL binaries as postgres when we are root (initdb refuses root), as ourselves otherwise.
if (( $(id -u) == 0 )); then pgrun() { runuser -u postgres -- "$@"; }; else pgrun() { "$@"; }; fi

mkdir -p "$out"
if [[ -f "$out/pg.env" ]]; then source "$out/pg.env"; fi
port="${BENCH_PG_PORT:-${PGPORT_BENCH:-}}"
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if [[ -z "$port" ]]; then
  port=54329
  while ! port_free "$port"; do port=$((port + 1)); done
fi

stop_cluster() { [[ -f "$pgdata/postmaster.pid" ]] && pgrun "$pgbin/pg_ctl" -D "$pgdata" -m fast -w stop >/dev/null || true; }

if (( force )) && [[ -d "$pgdata" ]]; then
  stop_cluster
  rm -rf "$pgdata" "$out/pg.env" "$out/villages.csv" "$out/events.csv"
fi

# 2. Throw-away cluster
if [[ ! -f "$pgdata/PG_VERSION" ]]; then
  port_free "$port" || { echo "port $port is in use; set BENCH_PG_PORT" >&2; exit 1; }
  log "initdb $pgdata (port $port)"
  mkdir -p "$pgdata"
  (( $(id -u) == 0 )) && chown postgres:postgres "$pgdata"
  chmod 700 "$pgdata"
  pgrun "$pgbin/initdb" -D "$pgdata" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  cat >>"$pgdata/postgresql.conf" <<CONF
# frontlinemaps bench: loopback only, throw-away (no durability needed for a read benchmark)
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = ''
fsync = off
synchronous_commit = off
full_page_writes = off
max_wal_size = 4GB
shared_buffers = 512MB
maintenance_work_mem = 512MB
CONF
  printf 'host all all 127.0.0.1/32 trust\n' >"$pgdata/pg_hba.conf"
  echo "PGPORT_BENCH=$port" >"$out/pg.env"
fi
source "$out/pg.env"; port=$PGPORT_BENCH

if ! pgrun "$pgbin/pg_ctl" -D "$pgdata" status >/dev/null 2>&1; then
  log "starting cluster on 127.0.0.1:$port"
  pgrun "$pgbin/pg_ctl" -D "$pgdata" -l "$pgdata/server.log" -w -t 60 start >/dev/null
fi
trap stop_cluster EXIT

psqlb() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d bench "$@"; }

# 3. Load (the shared scripts are read in place, never copied)
if [[ ! -f "$pgdata/frontline-loaded" ]]; then
  psql -X -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -c 'DROP DATABASE IF EXISTS bench' -c 'CREATE DATABASE bench'
  psqlb -c 'CREATE EXTENSION postgis'
  for f in schema.sql dedupe.sql cells.sql clustered.sql; do
    s=$SECONDS
    log "loading $f"
    psqlb -f "$shared/$f" >"$out/setup-$f.log"
    log "  $f done in $((SECONDS - s)) s"
  done
  touch "$pgdata/frontline-loaded"
fi

# 4. Export
log "exporting to $out/villages.csv and $out/events.csv"
psqlb -c "COPY (SELECT id, ST_X(geom), ST_Y(geom) FROM villages ORDER BY id) TO STDOUT CSV" >"$out/villages.csv.tmp"
psqlb -c "COPY (SELECT village_id, t, faction FROM control_events_c ORDER BY 1,2) TO STDOUT CSV" >"$out/events.csv.tmp"
mv "$out/villages.csv.tmp" "$out/villages.csv"
mv "$out/events.csv.tmp" "$out/events.csv"
log "villages: $(wc -l <"$out/villages.csv"), events: $(wc -l <"$out/events.csv")"
log "setup done in $((SECONDS - t0)) s (cluster stopped; bench/run.sh starts it)"
