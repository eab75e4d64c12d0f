#!/usr/bin/env bash
# Events lists with 1,000,000 events of one community: words, filters and
# pages through GET /api/v1/events, one request at a time (release build,
# SQLite, this machine).
#   bench/lists.sh [EVENTS] [REQUESTS]     defaults: 1000000, 300
EVENTS="${1:-1000000}"
REQUESTS="${2:-300}"
. "$(dirname "$0")/common.sh"
start demo
stop
python3 bench/fill_events.py "$WORK/data/linli.db" "$EVENTS"
du -sh "$WORK/data/linli.db"
start serve
echo "## Events lists with $EVENTS events (staff of 交通路社区, one request at a time, $REQUESTS each)"
python3 bench/lists.py "$BASE" liu.yuanyuan linli-demo-2026 "$REQUESTS"
