#!/usr/bin/env python3
"""Times the lists a grid worker and a community's staff open: the due
visits, the proactive suggestions, the day page, one request at a time;
prints p50, p95 and the worst of each, and how many rows came back.

    python3 bench/care.py BASE_URL PASSWORD [ROUNDS]

Against `linli demo` (its sign-ins: wang.mengxia, liu.yuanyuan, fengshan).
"""
import http.client
import json
import sys
import time
import urllib.parse


def sign_in(url, login, password):
    conn = http.client.HTTPConnection(url.hostname, url.port)
    conn.request("POST", "/api/v1/session", json.dumps({"login": login, "password": password}),
                 {"content-type": "application/json"})
    res = conn.getresponse()
    res.read()
    return conn, "; ".join(c.split(";")[0] for k, c in res.getheaders() if k.lower() == "set-cookie")


def main(base, password, rounds=30):
    url = urllib.parse.urlparse(base)
    cases = [
        ("wang.mengxia", "/api/v1/visits/due", "grid worker: due visits (her grid)"),
        ("wang.mengxia", "/api/v1/services/suggestions", "grid worker: suggestions (her grid)"),
        ("wang.mengxia", "/visits", "grid worker: day page"),
        ("liu.yuanyuan", "/api/v1/visits/due", "staff: due visits (community)"),
        ("liu.yuanyuan", "/api/v1/services/suggestions", "staff: suggestions (community)"),
        ("fengshan", "/api/v1/services/suggestions", "street admin: suggestions (street)"),
    ]
    print("| list | rows | p50 ms | p95 ms | worst ms |")
    print("|---|---:|---:|---:|---:|")
    for login, path, what in cases:
        conn, cookie = sign_in(url, login, password)
        times, rows = [], 0
        for _ in range(rounds):
            start = time.perf_counter()
            conn.request("GET", path, headers={"cookie": cookie})
            res = conn.getresponse()
            body = res.read()
            times.append((time.perf_counter() - start) * 1000)
            assert res.status == 200, (path, res.status)
            if path.startswith("/api"):
                rows = len(json.loads(body))
        times.sort()
        p = lambda q: times[min(len(times) - 1, int(q * len(times)))]
        print(f"| {what} | {rows if path.startswith('/api') else '—'} | {p(0.5):.1f} | {p(0.95):.1f} | {times[-1]:.1f} |")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 30)
