#!/usr/bin/env bash
# Events: intake through the API at concurrency 64 (wrk), then the dispatch
# board with 1,000,000 events in the database (one request at a time).
# Release build, SQLite, this machine.
#   bench/events.sh [DURATION] [EVENTS]     defaults: 15s, 1000000
DURATION="${1:-15s}"
EVENTS="${2:-1000000}"
. "$(dirname "$0")/common.sh" wrk
PASSWORD=linli-demo-2026
start demo
stop
start serve
COOKIE=$(python3 -c "
import http.client, json, sys
c = http.client.HTTPConnection('127.0.0.1', $PORT)
c.request('POST', '/api/v1/session', json.dumps({'login': 'liu.yuanyuan', 'password': '$PASSWORD'}), {'content-type': 'application/json'})
r = c.getresponse(); r.read()
print('; '.join(v.split(';')[0] for k, v in r.getheaders() if k.lower() == 'set-cookie'))")
count() { python3 -c "import sqlite3; print(sqlite3.connect('$WORK/data/linli.db').execute('select count(*) from $1').fetchone()[0])"; }
BEFORE=$(count event); NOTES_BEFORE=$(count notification)
echo "## Event intake: POST /api/v1/events, staff 代报 with a phone, concurrency 64, $DURATION"
COOKIE="$COOKIE" wrk -t2 -c64 -d"$DURATION" --latency -s bench/intake.lua "$BASE" | grep -E "^BENCH|Requests/sec|Non-2xx"
AFTER=$(count event); NOTES_AFTER=$(count notification)
echo "events committed: $((AFTER - BEFORE)); outbox messages: $((NOTES_AFTER - NOTES_BEFORE))"
stop

# Fill up to $EVENTS events, copies of those just taken in with new ids and
# codes, most closed (as in a year's work), some waiting, some on the clock.
python3 - "$WORK/data/linli.db" "$EVENTS" <<'PY'
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1])
target = int(sys.argv[2])
cols = [r[1] for r in db.execute("pragma table_info(event)")]
start = time.time()
while (n := db.execute("select count(*) from event").fetchone()[0]) < target:
    pick = {c: c for c in cols}
    pick["id"] = "randomblob(16)"
    pick["code"] = "'B' || upper(hex(randomblob(6)))"
    pick["state"] = ("case abs(random()) % 100 when 0 then 'reported' when 1 then 'accepted' when 2 then 'dispatched' "
                     "when 3 then 'in_progress' when 4 then 'resolved' when 5 then 'closed' else 'visited_satisfied' end")
    sql = f"insert into event ({', '.join(cols)}) select {', '.join(pick[c] for c in cols)} from event limit {min(n, target - n)}"
    db.execute(sql)
    db.commit()
db.execute("analyze")
db.commit()
print(f"filled to {db.execute('select count(*) from event').fetchone()[0]} events in {time.time() - start:.0f} s")
PY
start serve
echo "## Dispatch board with $EVENTS events (staff of 交通路社区, one request at a time)"
python3 bench/board.py "$BASE" liu.yuanyuan "$PASSWORD" 300
