#!/usr/bin/env python3
"""Times the dispatch board (and a grid worker's task list) through the API,
one request at a time, and prints p50, p95 and the worst.

    python3 bench/board.py BASE_URL LOGIN PASSWORD [REQUESTS]
"""
import http.client
import json
import sys
import time
import urllib.parse


def sign_in(conn, login, password):
    conn.request("POST", "/api/v1/session", json.dumps({"login": login, "password": password}),
                 {"content-type": "application/json"})
    res = conn.getresponse()
    res.read()
    if res.status != 200:
        sys.exit(f"sign-in as {login} answered {res.status}")
    return "; ".join(c.split(";")[0] for k, c in res.getheaders() if k.lower() == "set-cookie")


def main(base, login, password, n=500):
    url = urllib.parse.urlparse(base)
    conn = http.client.HTTPConnection(url.hostname, url.port)
    cookie = sign_in(conn, login, password)
    print("| list | p50 | p95 | worst | events listed |")
    print("|---|---:|---:|---:|---:|")
    for name, path in [("dispatch board (API)", "/api/v1/events?view=board"),
                       ("dispatch board (page)", "/events?view=board"),
                       ("overdue list (API)", "/api/v1/events?view=late"),
                       ("all events, newest (API)", "/api/v1/events")]:
        times, listed = [], 0
        for _ in range(n):
            start = time.perf_counter()
            conn.request("GET", path, headers={"cookie": cookie})
            res = conn.getresponse()
            body = res.read()
            times.append((time.perf_counter() - start) * 1000)
            if res.status != 200:
                sys.exit(f"{path} answered {res.status}: {body[:200]}")
            listed = len(json.loads(body)["items"]) if path.startswith("/api") else body.count(b'href="/events/') - 1
        times.sort()
        p = lambda q: times[min(len(times) - 1, int(q * len(times)))]
        print(f"| {name} | {p(0.5):.2f} ms | {p(0.95):.2f} ms | {times[-1]:.2f} ms | {listed} |")


if __name__ == "__main__":
    main(*sys.argv[1:4], *(int(a) for a in sys.argv[4:5]))
