#!/usr/bin/env bash
# Residents' import from CSV on SQLite against sqlite3's own `.import` of the
# same file (no checks, no indexes: the ceiling), in the same run.
#   bench/import.sh [ROWS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${1:-1000000}"
RUNS="${2:-3}"
command -v sqlite3 >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sqlite3 >/dev/null; }
cargo build --release --locked -q
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
python3 bench/gen_residents.py "$ROWS" > "$WORK/sheet.csv"
for run in $(seq 1 "$RUNS"); do
  rm -rf "$WORK/data" "$WORK/raw.db"
  target/release/linli grid add 141102001002 9 压测网格 --data-dir "$WORK/data" --log warn >/dev/null 2>&1
  START=$(date +%s.%N)
  target/release/linli import residents "$WORK/sheet.csv" --grid 141102001002009 --data-dir "$WORK/data" --log error >/dev/null 2>&1
  LINLI=$(echo "$(date +%s.%N) - $START" | bc)
  START=$(date +%s.%N)
  sqlite3 "$WORK/raw.db" ".mode csv" ".import $WORK/sheet.csv people"
  RAW=$(echo "$(date +%s.%N) - $START" | bc)
  printf 'run %s: %s rows, linli %.2f s, sqlite3 .import %.2f s, ratio %.1f×\n' "$run" "$ROWS" "$LINLI" "$RAW" "$(echo "$LINLI / $RAW" | bc -l)"
done
