#!/usr/bin/env python3
"""Times dashboard and report reads as a signed-in demo user (10 each, p50
and the worst). Usage, against `linli demo` (a release build for figures):

    bench/dashboard.py http://127.0.0.1:8080 lishi /api/v1/dashboard /api/v1/reports/population
"""
import http.cookiejar, re, sys, time, urllib.parse, urllib.request

base, login, paths = sys.argv[1], sys.argv[2], sys.argv[3:]
jar = http.cookiejar.CookieJar()
op = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
html = op.open(base + '/signin').read().decode()
csrf = re.search(r'name="_csrf" value="([^"]+)"', html).group(1)
form = {'login': login, 'password': 'linli-demo-2026', '_csrf': csrf}
op.open(base + '/signin', urllib.parse.urlencode(form).encode())
for path in paths:
    times = []
    for _ in range(10):
        start = time.time()
        r = op.open(base + path)
        r.read()
        times.append((time.time() - start) * 1000)
    times.sort()
    print(f'{login} {path}: status {r.status}, p50 {times[5]:.0f} ms, worst {times[-1]:.0f} ms')
