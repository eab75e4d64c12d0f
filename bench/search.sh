#!/usr/bin/env bash
# Resident search among 1,000,000 people (plus the demo's), as community staff
# of the grid they were imported into: every search kind, one request at a
# time, p50/p95/worst. Release build, SQLite.
#   bench/search.sh [ROWS]
ROWS="${1:-1000000}"
python3 -c "import pypinyin" 2>/dev/null || pip install --quiet pypinyin
. "$(dirname "$0")/common.sh"
python3 bench/gen_residents.py "$ROWS" > "$WORK/sheet.csv"
# The demo gives the sign-ins; then the sheet goes into a grid of 交通路社区.
start demo
stop
$BIN grid add 141102001002 9 压测网格 --data-dir "$WORK/data" --log warn >/dev/null 2>&1
$BIN import residents "$WORK/sheet.csv" --grid 141102001002009 --data-dir "$WORK/data" --log error >/dev/null 2>&1
start serve
python3 bench/search.py "http://127.0.0.1:$PORT" "$WORK/sheet.csv" liu.yuanyuan linli-demo-2026 300
