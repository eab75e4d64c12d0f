#!/usr/bin/env bash
# Benchmark smoke run: the key reads and writes against linli's own /healthz,
# in one run on one release build of the demo, so that the machine's speed
# (and whatever else it is doing) divides out. Each figure is requests/s of
# the path over requests/s of /healthz; the run fails when a ratio falls below
# the floor recorded in bench/smoke.floors (a slide like the household page's
# from 7,100/s to 2,200/s shows as a ratio falling by two thirds).
#   bench/smoke.sh [DURATION]        DURATION per path, default 5s
# Every request goes to 127.0.0.1; the run is bounded by 6 × DURATION.
DURATION="${1:-5s}"
FLOORS=bench/smoke.floors
. "$(dirname "$0")/common.sh" wrk
start demo

# Sign-ins and the paths: a grid worker's household page, a staff member's
# search and report (代报) and a cashier's payment into one large bill.
python3 - "$PORT" "$WORK" <<'PY'
import http.client, json, re, sys, urllib.parse
port, work = int(sys.argv[1]), sys.argv[2]
def call(method, path, body=None, cookie="", form=False):
    c = http.client.HTTPConnection("127.0.0.1", port)
    if form:
        data, ctype = urllib.parse.urlencode(body), "application/x-www-form-urlencoded"
    else:
        data, ctype = (json.dumps(body) if body is not None else None), "application/json"
    c.request(method, path, data, {"content-type": ctype, "cookie": cookie})
    r = c.getresponse()
    return r, r.read()
def session(login):
    r, _ = call("POST", "/api/v1/session", {"login": login, "password": "linli-demo-2026"})
    assert r.status == 200, (login, r.status)
    return "; ".join(v.split(";")[0] for k, v in r.getheaders() if k.lower() == "set-cookie")
worker, staff = session("wang.mengxia"), session("liu.yuanyuan")
_, page = call("GET", "/households", None, worker)
household = re.search(rb'href="(/households/[0-9a-f-]{36})"', page).group(1).decode()
_, body = call("GET", "/api/v1/people?q=wang", None, staff)
name = json.loads(body)[0]["name"][:2]
jtl = "141102001002"
call("PUT", f"/api/v1/communities/{jtl}/fee-items/SMOKE", {"name": "压测大额账单", "kind": "fixed", "price": "100000.00"}, staff)
_, body = call("GET", f"/api/v1/communities/{jtl}/arrears", None, staff)
house = json.loads(body)["houses"][0]["house"]
call("POST", f"/api/v1/communities/{jtl}/bill-runs", {"fee": "SMOKE", "period": "2026-11", "house": house}, staff)
_, body = call("GET", f"/api/v1/communities/{jtl}/houses/{house}/bills", None, staff)
bill = [b for b in json.loads(body) if b["fee"] == "SMOKE"][0]["id"]
open(f"{work}/pay_paths", "w").write(f"/api/v1/communities/{jtl}/bills/{bill}/payments\n")
with open(f"{work}/env", "w") as f:
    f.write(f"WORKER='{worker}'\nSTAFF='{staff}'\nHOUSEHOLD='{household}'\n")
    f.write(f"SEARCH='/api/v1/people?q={urllib.parse.quote(name)}'\n")
PY
# shellcheck disable=SC1091
. "$WORK/env"

# One path: requests/s over DURATION, concurrency 64; any non-2xx fails the run.
rps() {
  local name=$1; shift
  wrk -t2 -c64 -d"$DURATION" "$@" >"$WORK/$name.txt"
  if grep -q "Non-2xx" "$WORK/$name.txt"; then
    echo "$name: $(grep Non-2xx "$WORK/$name.txt")" >&2; exit 1
  fi
  awk '/Requests\/sec/ {printf "%.0f", $2}' "$WORK/$name.txt"
}
H1=$(rps healthz "$BASE/healthz")
HOUSE=$(rps household -H "Cookie: $WORKER" "$BASE$HOUSEHOLD")
FIND=$(rps search -H "Cookie: $STAFF" "$BASE$SEARCH")
INTAKE=$(COOKIE="$STAFF" rps intake -s bench/intake.lua "$BASE")
PAY=$(COOKIE="$STAFF" PAY_PATHS="$WORK/pay_paths" rps payment -s bench/pay.lua "$BASE")
H2=$(rps healthz2 "$BASE/healthz")
HEALTHZ=$(( (H1 + H2) / 2 ))

echo "| path | requests/s | ÷ /healthz | floor |"
echo "|---|---:|---:|---:|"
echo "| /healthz (before, after) | $H1, $H2 | 1 | |"
fail=0
for pair in "household:$HOUSE" "search:$FIND" "intake:$INTAKE" "payment:$PAY"; do
  name=${pair%%:*}; value=${pair#*:}
  floor=$(awk -v n="$name" '$1 == n {print $2}' "$FLOORS")
  ratio=$(awk -v v="$value" -v h="$HEALTHZ" 'BEGIN {printf "%.3f", v / h}')
  mark=""
  if awk -v r="$ratio" -v f="$floor" 'BEGIN {exit !(r < f)}'; then mark=" **below**"; fail=1; fi
  echo "| $name | $value | $ratio | $floor$mark |"
done
[ "$fail" = 0 ] || { echo "a key path fell below its floor (bench/smoke.floors)" >&2; exit 1; }
