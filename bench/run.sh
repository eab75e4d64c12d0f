#!/usr/bin/env bash
# Load test: linli (release build) against nginx serving a small static file
# on the same machine, with wrk at concurrency 64. Prints a Markdown table for
# BENCHMARKS.md; raw wrk output goes to bench/results/.
#   bench/run.sh [DURATION]        DURATION defaults to 15s
#   LINLI_BENCH_POSTGRES=postgres://root@127.0.0.1:5432/test bench/run.sh
#                                  also measures the read on PostgreSQL (schema linli_bench)
# Every request goes to 127.0.0.1; each run is bounded by DURATION.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-15s}"
CONNS=64
THREADS=2
OUT=bench/results
mkdir -p "$OUT"

need=()
command -v wrk >/dev/null || need+=(wrk)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

cargo build --release --locked -q
BIN=target/release/linli
WORK=$(mktemp -d)
chmod 755 "$WORK"  # nginx workers run as an unprivileged user
LINLI_PORT=$(free_port)
NGINX_PORT=$(free_port)

cleanup() {
  [ -n "${LINLI_PID:-}" ] && kill "$LINLI_PID" 2>/dev/null || true
  [ -n "${PG_PID:-}" ] && kill "$PG_PID" 2>/dev/null || true
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# nginx: the ceiling of this machine for a tiny response.
mkdir -p "$WORK/www" "$WORK/logs"
printf 'ok' > "$WORK/www/healthz"
chmod -R a+rX "$WORK/www"
cat > "$WORK/nginx.conf" <<CONF
worker_processes auto;
pid $WORK/nginx.pid;
error_log $WORK/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $WORK/tmp; proxy_temp_path $WORK/tmp; fastcgi_temp_path $WORK/tmp;
  uwsgi_temp_path $WORK/tmp; scgi_temp_path $WORK/tmp;
  server { listen 127.0.0.1:$NGINX_PORT; root $WORK/www; location / { default_type text/plain; } }
}
CONF
mkdir -p "$WORK/tmp"
"$NGINX" -c "$WORK/nginx.conf" -p "$WORK"

# linli: the demo database, logging at warn (probes are never logged anyway).
"$BIN" demo --listen "127.0.0.1:$LINLI_PORT" --data-dir "$WORK/linli" --log warn >"$WORK/linli.out" 2>&1 &
LINLI_PID=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$LINLI_PORT/readyz" >/dev/null && break; sleep 0.2; done
curl -fs "http://127.0.0.1:$NGINX_PORT/healthz" >/dev/null

if [ -n "${LINLI_BENCH_POSTGRES:-}" ]; then
  PG_PORT=$(free_port)
  psql "$LINLI_BENCH_POSTGRES" -qc "DROP SCHEMA IF EXISTS linli_bench CASCADE; CREATE SCHEMA linli_bench" >/dev/null
  sep='?'; case "$LINLI_BENCH_POSTGRES" in *\?*) sep='&';; esac
  "$BIN" serve --listen "127.0.0.1:$PG_PORT" --log warn \
    --database "${LINLI_BENCH_POSTGRES}${sep}options=-c%20search_path%3Dlinli_bench" >"$WORK/linli-pg.out" 2>&1 &
  PG_PID=$!
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PG_PORT/readyz" >/dev/null && break; sleep 0.2; done
fi

run() { # name url
  wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "$2" > "$OUT/$1.txt"
  local rps p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$OUT/$1.txt")
  p99=$(awk '$1=="99%" {print $2}' "$OUT/$1.txt")
  echo "$1 $rps $p99"
}

# Warm up, then measure.
wrk -t1 -c8 -d2s "http://127.0.0.1:$LINLI_PORT/api/v1/regions/141102" >/dev/null
results=()
results+=("$(run nginx-static "http://127.0.0.1:$NGINX_PORT/healthz")")
results+=("$(run linli-healthz "http://127.0.0.1:$LINLI_PORT/healthz")")
results+=("$(run linli-region "http://127.0.0.1:$LINLI_PORT/api/v1/regions/141102")")
if [ -n "${PG_PID:-}" ]; then
  wrk -t1 -c8 -d2s "http://127.0.0.1:$PG_PORT/api/v1/regions/141102" >/dev/null
  results+=("$(run linli-region-postgres "http://127.0.0.1:$PG_PORT/api/v1/regions/141102")")
fi

nginx_rps=$(echo "${results[0]}" | awk '{print $2}')
echo
echo "$(date -u +%Y-%m-%d) · $(nproc) cores · wrk -t$THREADS -c$CONNS -d$DURATION · $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
echo
echo "| target | requests/s | p99 | vs nginx |"
echo "|---|---:|---:|---:|"
for r in "${results[@]}"; do
  read -r name rps p99 <<<"$r"
  ratio=$(awk -v a="$rps" -v b="$nginx_rps" 'BEGIN { printf "%.0f%%", 100*a/b }')
  echo "| $name | $rps | $p99 | $ratio |"
done
