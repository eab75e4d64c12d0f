#!/usr/bin/env bash
# Opening a household page (一户一档) as a signed-in grid worker, concurrency 64,
# against a release build of the demo. Prints requests/s and p99.
#   [SCALE=district] bench/household.sh [DURATION]
# Every request goes to 127.0.0.1; the run is bounded by DURATION.
DURATION="${1:-15s}"
. "$(dirname "$0")/common.sh" wrk
start demo --scale "${SCALE:-seed}"
JAR="$WORK/jar"
CSRF=$(curl -s -c "$JAR" "$BASE/signin" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -1)
curl -s -b "$JAR" -c "$JAR" -o /dev/null --data-urlencode "_csrf=$CSRF" --data-urlencode "login=wang.mengxia" \
  --data-urlencode "password=linli-demo-2026" --data-urlencode "next=/households" "$BASE/signin"
COOKIE=$(awk '$6 ~ /^linli_/ {printf "%s=%s; ", $6, $7}' "$JAR")
HOUSEHOLD=$(curl -s -H "Cookie: $COOKIE" "$BASE/households" | sed -n 's/.*href="\(\/households\/[0-9a-f-]*\)".*/\1/p' | head -1)
[ -n "$HOUSEHOLD" ] || { echo "could not sign in or find a household" >&2; exit 1; }
wrk -t2 -c64 -d"$DURATION" --latency -H "Cookie: $COOKIE" "$BASE$HOUSEHOLD" > "$WORK/wrk.txt"
echo "household page $HOUSEHOLD: $(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.txt") req/s, p99 $(awk '$1=="99%" {print $2}' "$WORK/wrk.txt"), non-2xx: $(awk '/Non-2xx/ {print $NF}' "$WORK/wrk.txt")"
