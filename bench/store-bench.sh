#!/usr/bin/env bash
# Stores side by side (docs/deployment.md): SQLite vs PostgreSQL load and append, and LISTEN/NOTIFY latency.
# Starts a throwaway PostgreSQL cluster with the DEFAULT durability settings (fsync on, synchronous_commit on) on a free
# 127.0.0.1 port in a temp directory, runs the BenchmarkDotNet classes StoreBenchmarks and ListenerBenchmarks against
# it, then stops and deletes it.
#
#   bench/store-bench.sh                       # both classes, 50k and 1M changes (about 10 minutes on 2 cores)
#   bench/store-bench.sh '*ListenerBenchmarks*'  # BenchmarkDotNet --filter patterns of your choice
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
(( $# )) || set -- '*StoreBenchmarks*' '*ListenerBenchmarks*'
pgbin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
[[ -x "$pgbin/initdb" ]] || { echo "PostgreSQL binaries missing: apt-get install postgresql" >&2; exit 1; }
if (( $(id -u) == 0 )); then pgrun() { runuser -u postgres -- "$@"; }; else pgrun() { "$@"; }; fi

root="$(mktemp -d /tmp/flm-bench-pg.XXXXXX)"
(( $(id -u) == 0 )) && chown postgres:postgres "$root"
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port=55432; while ! port_free "$port"; do port=$((port + 1)); done
stop() { pgrun "$pgbin/pg_ctl" -D "$root/data" -m fast -w stop >/dev/null 2>&1 || true; rm -rf "$root"; }
trap stop EXIT

pgrun "$pgbin/initdb" -D "$root/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
cat >>"$root/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = ''
shared_buffers = 256MB
max_wal_size = 4GB
CONF
pgrun "$pgbin/pg_ctl" -D "$root/data" -l "$root/server.log" -w -t 60 start >/dev/null

export FRONTLINE_BENCH_PG="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
cd "$repo"
dotnet run -c Release --project tests/FrontlineMaps.Benchmarks -- --filter "$@"
