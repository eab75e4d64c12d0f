#!/usr/bin/env bash
# The memory budget: a release build of the demo under the XLSX bombs, the
# zip bomb, photo bombs, export floods and 256 connections of mixed writes
# and reads, all at once for DURATION seconds, with its resident memory
# sampled from /proc. Fails (exit 1) if the peak (VmHWM) is over BUDGET_MB
# or the server dies.
#
# The budget, 768 MB at the default settings, is what the bounds add up to
# as they overlap in practice: the process and the demo (~140 MB), SQLite's
# page caches (the writer's 128 MB, 16 MB for each of up to 16 readers),
# photo decoding (256 MB of pixels server-wide, one 40 MP photo at a time),
# two sheets being read (each at most 1,000,000 cells) and two exports being
# built. Fewer readers (LINLI_DEMO_ARGS="--db-max-connections 4") save about
# 100 MB.
#   bench/memory.sh [DURATION] [BUDGET_MB]      defaults: 60 s, 768 MB
#   LINLI_BIN=target/debug/linli bench/memory.sh   to skip the release build
#   LINLI_DEMO_ARGS="--db-max-connections 4" bench/memory.sh   other settings
#   ONLY=sheets,photos bench/memory.sh 20          some of the attacks (sheets,
#                                                  bombs, photos, exports, mixed)
# Every request goes to 127.0.0.1; the run is bounded by DURATION.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-60}"
BUDGET_MB="${2:-768}"
if [ -z "${LINLI_BIN:-}" ]; then
  cargo build --release --locked -q
  LINLI_BIN=target/release/linli
fi
WORK=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$LINLI_BIN" demo ${LINLI_DEMO_ARGS:-} --listen "127.0.0.1:$PORT" --data-dir "$WORK/demo" --log warn >"$WORK/out" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 3000); do
  curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null && break
  kill -0 $PID 2>/dev/null || { cat "$WORK/out" >&2; exit 1; }
  sleep 0.2
done
echo "linli $LINLI_BIN (pid $PID) ready on 127.0.0.1:$PORT"
status=0
python3 bench/memory.py --base "http://127.0.0.1:$PORT" --pid "$PID" --budget-mb "$BUDGET_MB" --duration "$DURATION" ${ONLY:+--only "$ONLY"} || status=$?
if grep -q "panicked" "$WORK/out"; then
  echo "FAIL: the server log has a panic:" >&2
  grep -m3 -A3 "panicked" "$WORK/out" >&2
  status=1
fi
exit $status
