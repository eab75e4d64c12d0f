#!/usr/bin/env bash
# Payments: POST /api/v1/communities/…/bills/{id}/payments at concurrency 64
# (wrk), each ¥0.01 with its own idempotency key, every tenth a repeat; then
# checks that the bill's paid total equals the payments recorded, which equal
# the distinct keys sent — zero double applications.
# Release build, this machine.   bench/pay.sh [DURATION]
# SPREAD=1: the payments go round all of 交通路's houses' bills (a bill run of
# the bench fee for the whole community) instead of all into one bill.
# SQLite by default; with LINLI_BENCH_POSTGRES=postgres://… the demo is made
# in that database's schema linli_paybench (dropped first).
DURATION="${1:-15s}"
. "$(dirname "$0")/common.sh" wrk
DB_ARGS=()
if [ -n "${LINLI_BENCH_POSTGRES:-}" ]; then
  psql "$LINLI_BENCH_POSTGRES" -qc "DROP SCHEMA IF EXISTS linli_paybench CASCADE; CREATE SCHEMA linli_paybench" >/dev/null
  sep='?'; case "$LINLI_BENCH_POSTGRES" in *\?*) sep='&';; esac
  DB_ARGS=(--database "${LINLI_BENCH_POSTGRES}${sep}options=-c%20search_path%3Dlinli_paybench")
fi
start demo "${DB_ARGS[@]}"
read -r COOKIE PAY_PATH < <(python3 - "$PORT" "$WORK/paths.txt" <<'PY'
import http.client, json, os, sys
port = int(sys.argv[1])
def call(method, path, body=None, cookie=""):
    c = http.client.HTTPConnection("127.0.0.1", port)
    c.request(method, path, json.dumps(body) if body is not None else None, {"content-type": "application/json", "cookie": cookie})
    r = c.getresponse()
    return r, r.read()
r, _ = call("POST", "/api/v1/session", {"login": "liu.yuanyuan", "password": "linli-demo-2026"})
cookie = "; ".join(v.split(";")[0] for k, v in r.getheaders() if k.lower() == "set-cookie")
jtl = "141102001002"
call("PUT", f"/api/v1/communities/{jtl}/fee-items/BENCH", {"name": "压测大额账单", "kind": "fixed", "price": "100000.00"}, cookie)
# One house (the first of the arrears list), or with SPREAD=1 every house.
houses, page = [], 1
while True:  # the arrears list comes a page at a time
    _, body = call("GET", f"/api/v1/communities/{jtl}/arrears?per_page=200&page={page}", None, cookie)
    got = [h["house"] for h in json.loads(body)["houses"]]
    houses += got
    if not got or os.environ.get("SPREAD") != "1":
        break
    page += 1
spread = os.environ.get("SPREAD") == "1"
run = {"fee": "BENCH", "period": "2026-11"} if spread else {"fee": "BENCH", "period": "2026-11", "house": houses[0]}
call("POST", f"/api/v1/communities/{jtl}/bill-runs", run, cookie)
paths = []
for house in houses if spread else houses[:1]:
    _, body = call("GET", f"/api/v1/communities/{jtl}/houses/{house}/bills", None, cookie)
    bill = [b for b in json.loads(body) if b["fee"] == "BENCH"][0]["id"]
    paths.append(f"/api/v1/communities/{jtl}/bills/{bill}/payments")
with open(sys.argv[2], "w") as f:
    f.write("\n".join(paths) + "\n")
print(cookie.replace(" ", ""), paths[0])
PY
)
echo "## Payments: $(wc -l <"$WORK/paths.txt") bill(s) ($PAY_PATH …), ¥0.01 each, concurrency 64, $DURATION, every tenth request a repeated key"
COOKIE="$COOKIE" PAY_PATHS="$WORK/paths.txt" wrk -t2 -c64 -d"$DURATION" --latency -s bench/pay.lua "$BASE" | grep -E "^BENCH|Requests/sec|Non-2xx"
# One statement, one snapshot: the bill and its payments as committed together
# (after a second, for requests wrk left in flight).
sleep 1
Q_CHECK="select (select sum(paid) from bill where fee_code = 'BENCH'), count(*), coalesce(sum(amount), 0), count(distinct idempotency_key) from payment where idempotency_key like 'bench-%'"
if [ -n "${LINLI_BENCH_POSTGRES:-}" ]; then
  q() { psql "$LINLI_BENCH_POSTGRES" -Atq -F' ' -c "SET search_path TO linli_paybench" -c "$1"; }
else
  q() { python3 -c 'import sqlite3,sys; print(*sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone())' "$WORK/data/linli.db" "$1"; }
fi
read -r PAID COUNT TOTAL KEYS < <(q "$Q_CHECK")
echo "payments recorded: $COUNT ($KEYS distinct keys); their sum: $TOTAL fen; the bill's paid: $PAID fen"
if [ "$PAID" = "$TOTAL" ] && [ "$COUNT" = "$KEYS" ]; then echo "double applications: 0"; else echo "double applications: FOUND"; exit 1; fi
if [ -n "${LINLI_BENCH_POSTGRES:-}" ]; then psql "$LINLI_BENCH_POSTGRES" -qc "DROP SCHEMA linli_paybench CASCADE" >/dev/null; fi
