#!/usr/bin/env python3
"""Times each kind of resident search through the API, one request at a
time, and prints p50, p95 and the worst per kind.

    python3 bench/search.py BASE_URL SHEET.csv LOGIN PASSWORD [QUERIES]
"""
import http.client
import json
import random
import sys
import time
import urllib.parse

from pypinyin import Style, lazy_pinyin


def main(base, sheet, login, password, per_kind=300):
    url = urllib.parse.urlparse(base)
    conn = http.client.HTTPConnection(url.hostname, url.port)
    conn.request("POST", "/api/v1/session", json.dumps({"login": login, "password": password}),
                 {"content-type": "application/json"})
    res = conn.getresponse()
    res.read()
    cookie = "; ".join(c.split(";")[0] for k, c in res.getheaders() if k.lower() == "set-cookie")
    rows = [line.rstrip("\n").split(",") for line in open(sheet, encoding="utf-8")][1:]
    rng = random.Random(5)
    sample = [rng.choice(rows) for _ in range(per_kind)]
    kinds = {
        "name (full)": lambda r: r[3],
        "name (first 2 characters)": lambda r: r[3][:2],
        "pinyin initials": lambda r: "".join(lazy_pinyin(r[3], style=Style.FIRST_LETTER)),
        "pinyin (full)": lambda r: "".join(lazy_pinyin(r[3])),
        "ID number": lambda r: r[4],
        "ID number, last 6": lambda r: r[4][-6:],
        "ID number, last 4": lambda r: r[4][-4:],
        "phone": lambda r: r[5],
        "address (building + room)": lambda r: f"{r[0]}{r[2]}",
    }
    print(f"| search | p50 | p95 | worst | found (mean) |")
    print(f"|---|---:|---:|---:|---:|")
    for kind, query in kinds.items():
        times, found = [], 0
        for r in sample:
            path = "/api/v1/people?q=" + urllib.parse.quote(query(r))
            start = time.perf_counter()
            conn.request("GET", path, headers={"cookie": cookie})
            res = conn.getresponse()
            body = res.read()
            times.append((time.perf_counter() - start) * 1000)
            if res.status != 200:
                sys.exit(f"{kind}: {path} answered {res.status}: {body[:200]}")
            found += len(json.loads(body))
        times.sort()
        p = lambda q: times[min(len(times) - 1, int(q * len(times)))]
        print(f"| {kind} | {p(0.5):.2f} ms | {p(0.95):.2f} ms | {times[-1]:.2f} ms | {found / len(sample):.1f} |")


if __name__ == "__main__":
    main(*sys.argv[1:5], *(int(a) for a in sys.argv[5:6]))
