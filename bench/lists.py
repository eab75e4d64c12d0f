#!/usr/bin/env python3
"""Times the events lists staff work from, with words and filters, through
the API one request at a time, and prints p50, p95 and the worst of each.

    python3 bench/lists.py BASE_URL LOGIN PASSWORD [REQUESTS]
"""
import http.client
import json
import sys
import time
import urllib.parse

from board import sign_in

Q = urllib.parse.quote
LISTS = [
    ("all events, newest first", "/api/v1/events"),
    ("dispatch board", "/api/v1/events?view=board"),
    ("words: 漏水 (in 1 event of 7)", "/api/v1/events?q=" + Q("漏水")),
    ("words: 3号楼 电梯 (two words)", "/api/v1/events?q=" + Q("3号楼 电梯")),
    ("words: 楼道灯不亮 (a phrase)", "/api/v1/events?q=" + Q("楼道灯不亮")),
    ("words: 井盖 + state 已上报 (1 %)", "/api/v1/events?state=reported&q=" + Q("井盖")),
    ("words: 漏水 + on the board (2 %)", "/api/v1/events?view=board&q=" + Q("漏水")),
    ("words: 幼儿园 + last 30 days", "/api/v1/events?from={month_ago}&q=" + Q("幼儿园")),
    ("words: 号楼 + 已受理 + 门禁 (1 in 1,500)",
     "/api/v1/events?state=accepted&category=0206&q=" + Q("号楼")),
    ("category 02 (parent), last 30 days", "/api/v1/events?category=02&from={month_ago}"),
    ("overdue, open", "/api/v1/events?overdue=1"),
    ("second page of all (cursor)", "{next_all}"),
    ("second page of 漏水 (cursor)", "{next_words}"),
]


def get(conn, cookie, path):
    start = time.perf_counter()
    conn.request("GET", path, headers={"cookie": cookie})
    res = conn.getresponse()
    body = res.read()
    took = (time.perf_counter() - start) * 1000
    if res.status != 200:
        sys.exit(f"{path} answered {res.status}: {body[:200]}")
    return took, json.loads(body)


def main(base, login, password, n=300):
    url = urllib.parse.urlparse(base)
    conn = http.client.HTTPConnection(url.hostname, url.port)
    cookie = sign_in(conn, login, password)
    month_ago = time.strftime("%Y-%m-%d", time.localtime(time.time() - 30 * 86400))
    _, first = get(conn, cookie, "/api/v1/events")
    _, words = get(conn, cookie, "/api/v1/events?q=" + Q("漏水"))
    fills = {"month_ago": month_ago, "next_all": "/api/v1/events?after=" + first["next"],
             "next_words": "/api/v1/events?q=" + Q("漏水") + "&after=" + words["next"]}
    print("| list | p50 | p95 | worst | listed |")
    print("|---|---:|---:|---:|---:|")
    everything = []
    for name, path in LISTS:
        path = path.format(**fills)
        times, listed = [], 0
        for _ in range(n):
            took, body = get(conn, cookie, path)
            times.append(took)
            listed = len(body["items"])
        everything += times
        times.sort()
        p = lambda q: times[min(len(times) - 1, int(q * len(times)))]
        print(f"| {name} | {p(0.5):.2f} ms | {p(0.95):.2f} ms | {times[-1]:.2f} ms | {listed} |")
    everything.sort()
    print(f"| **all of the above** | {everything[len(everything) // 2]:.2f} ms | "
          f"**{everything[int(0.95 * len(everything))]:.2f} ms** | {everything[-1]:.2f} ms | |")


if __name__ == "__main__":
    main(*sys.argv[1:4], *(int(a) for a in sys.argv[4:5]))
