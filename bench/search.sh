#!/usr/bin/env bash
# Resident search among 1,000,000 people (plus the demo's), as community staff
# of the grid they were imported into: every search kind, one request at a
# time, p50/p95/worst. Release build, SQLite.
#   bench/search.sh [ROWS]
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${1:-1000000}"
python3 -c "import pypinyin" 2>/dev/null || pip install --quiet pypinyin
cargo build --release --locked -q
WORK=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 bench/gen_residents.py "$ROWS" > "$WORK/sheet.csv"
# The demo gives the sign-ins; then the sheet goes into a grid of 交通路社区.
target/release/linli demo --listen "127.0.0.1:$PORT" --data-dir "$WORK/data" --log warn >"$WORK/demo.out" 2>&1 &
PID=$!
for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.2; done
kill $PID; wait $PID 2>/dev/null || true
target/release/linli grid add 141102001002 9 压测网格 --data-dir "$WORK/data" --log warn >/dev/null 2>&1
target/release/linli import residents "$WORK/sheet.csv" --grid 141102001002009 --data-dir "$WORK/data" --log error >/dev/null 2>&1
target/release/linli serve --listen "127.0.0.1:$PORT" --data-dir "$WORK/data" --log warn >"$WORK/serve.out" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.2; done
python3 bench/search.py "http://127.0.0.1:$PORT" "$WORK/sheet.csv" liu.yuanyuan linli-demo-2026 300
