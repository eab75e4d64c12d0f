#!/usr/bin/env python3
"""Fires what a stranger (and a careless staff member) can send at a running
linli demo, all at once, while sampling the server's resident memory:

  - XLSX bombs: a 2-cell sheet (A1 and XFD1048576), a zip bomb (1 GB of XML
    in about 1 MB), and a sheet just under the unpacked bound full of cells;
  - photo bombs: anonymous reports with three 16384x16384 PNGs (783 KB each),
    and staff reports with three photos at the largest size taken (36 MP);
  - export floods: hundreds of household exports, as jobs and as downloads;
  - mixed writes and reads from many connections (reports, list pages,
    malformed bodies, absurd page numbers).

Every request goes to the given 127.0.0.1 address; the run stops by itself
after DURATION seconds. Prints what each kind of request was answered with
and the server's peak resident memory (VmHWM from /proc/PID/status); exits 1
if the peak is over the budget or the server died, 0 otherwise.

  bench/memory.py --base http://127.0.0.1:PORT --pid PID [--budget-mb 768]
                  [--duration 60] [--connections 256]
"""

import argparse
import collections
import http.client
import io
import json
import os
import re
import struct
import sys
import threading
import time
import urllib.parse
import zipfile
import zlib

PASSWORD = "linli-demo-2026"


# --- what is sent -------------------------------------------------------------

def xlsx(sheet_xml_chunks, shared=None):
    """A minimal XLSX whose first sheet's XML is the chunks, streamed into the
    zip (so a bomb never sits whole in this process's memory)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                   '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                   '</Types>')
        z.writestr("_rels/.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
                   '</Relationships>')
        z.writestr("xl/workbook.xml",
                   '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                   'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
                   '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
                   '</Relationships>')
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            for chunk in sheet_xml_chunks:
                f.write(chunk)
    return out.getvalue()


SHEET_HEAD = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')


def two_cells():
    return xlsx([SHEET_HEAD, b'<dimension ref="A1:XFD1048576"/><sheetData>'
                 b'<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row>'
                 b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>b</t></is></c></row>'
                 b'</sheetData></worksheet>'])


def zip_bomb(mb=1024):
    row = b'<row><c t="inlineStr"><is><t>0</t></is></c></row>' * 1000
    def chunks():
        yield SHEET_HEAD + b'<sheetData>'
        total = 0
        while total < mb * 1024 * 1024:
            yield row
            total += len(row)
        yield b'</sheetData></worksheet>'
    return xlsx(chunks())


def cell_flood(mb=120):
    """Just under the unpacked bound: as many one-digit cells as fit, 10 a row."""
    def chunks():
        yield SHEET_HEAD + b'<sheetData>'
        r, total = 1, 0
        while total < mb * 1024 * 1024:
            block = b''.join(b'<row r="%d">' % i + b'<c><v>1</v></c>' * 10 + b'</row>' for i in range(r, r + 1000))
            r += 1000
            total += len(block)
            yield block
        yield b'</sheetData></worksheet>'
    return xlsx(chunks())


def png(width, height, channels=3):
    """A real PNG of width x height black pixels (8-bit RGB or RGBA)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    colour = {3: 2, 4: 6}[channels]
    ihdr = struct.pack(">IIBBBBB", width, height, 8, colour, 0, 0, 0)
    z = zlib.compressobj(9)
    row = b"\0" * (1 + width * channels)
    parts = []
    for _ in range(height):
        parts.append(z.compress(row))
    parts.append(z.flush())
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", b"".join(parts)) + chunk(b"IEND", b"")


def multipart(fields, files):
    boundary = "----linli-bench-%x" % int(time.time() * 1e6)
    out = io.BytesIO()
    for k, v in fields:
        out.write(("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n" % (boundary, k, v)).encode())
    for name, filename, data in files:
        out.write(("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                   "Content-Type: application/octet-stream\r\n\r\n" % (boundary, name, filename)).encode())
        out.write(data)
        out.write(b"\r\n")
    out.write(("--%s--\r\n" % boundary).encode())
    return "multipart/form-data; boundary=" + boundary, out.getvalue()


# --- talking to the server ----------------------------------------------------

class Client:
    """One keep-alive connection with its own cookies."""

    def __init__(self, base):
        u = urllib.parse.urlparse(base)
        self.host, self.port = u.hostname, u.port
        self.conn = None
        self.cookies = {}

    def request(self, method, path, body=None, headers=None, timeout=120):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
        for attempt in range(2):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
                self.conn.request(method, path, body=body, headers=headers)
                res = self.conn.getresponse()
                data = res.read()
                for k, v in res.getheaders():
                    if k.lower() == "set-cookie":
                        name, _, rest = v.partition("=")
                        self.cookies[name] = rest.split(";", 1)[0]
                return res.status, data
            except (http.client.HTTPException, OSError):
                if self.conn is not None:
                    self.conn.close()
                self.conn = None
                if attempt == 1:
                    return 0, b""
        return 0, b""

    def csrf(self):
        if "linli_csrf" not in self.cookies:
            self.request("GET", "/signin")
        return self.cookies.get("linli_csrf", "")

    def sign_in(self, login):
        token = self.csrf()
        body = urllib.parse.urlencode({"_csrf": token, "login": login, "password": PASSWORD, "next": "/"})
        status, _ = self.request("POST", "/signin", body, {"Content-Type": "application/x-www-form-urlencoded"})
        return status in (200, 303)


# --- the run -------------------------------------------------------------------

class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.counts = collections.defaultdict(collections.Counter)

    def add(self, kind, status):
        with self.lock:
            self.counts[kind][status] += 1


def vm(pid, field):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) // 1024
    except OSError:
        return None
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", required=True)
    ap.add_argument("--pid", type=int, required=True)
    ap.add_argument("--budget-mb", type=int, default=768)
    ap.add_argument("--duration", type=float, default=60)
    ap.add_argument("--connections", type=int, default=256)
    ap.add_argument("--only", default="sheets,bombs,photos,exports,mixed",
                    help="which attacks, comma-separated (to see what each costs)")
    a = ap.parse_args()
    u = urllib.parse.urlparse(a.base)
    assert u.hostname in ("127.0.0.1", "localhost", "::1"), "only a server on this machine"

    t0 = time.time()
    bombs = {
        "xlsx 2 cells": two_cells(),
        "xlsx zip bomb": zip_bomb(),
        "xlsx cell flood": cell_flood(),
    }
    huge_png = png(16384, 16384)
    big_png = png(6000, 6000, 4)
    for k, v in bombs.items():
        print("%-16s %8.1f KB" % (k, len(v) / 1024))
    print("%-16s %8.1f KB (16384x16384)" % ("png bomb", len(huge_png) / 1024))
    print("%-16s %8.1f KB (6000x6000 RGBA, 144 MB decoded)" % ("png largest", len(big_png) / 1024))
    print("payloads made in %.1f s; baseline VmRSS %s MB" % (time.time() - t0, vm(a.pid, "VmRSS")))

    tally = Tally()
    stop = time.time() + a.duration
    peak = {"rss": 0}

    def sampler():
        while time.time() < stop + 5:
            rss = vm(a.pid, "VmRSS")
            if rss is None:
                return
            peak["rss"] = max(peak["rss"], rss)
            time.sleep(0.05)

    def staff_client(login="liu.yuanyuan"):
        c = Client(a.base)
        if not c.sign_in(login):
            raise SystemExit("could not sign in as %s" % login)
        return c

    def sheet_bombs(login):
        c = staff_client(login)
        while time.time() < stop:
            for name, data in bombs.items():
                ctype, body = multipart([("grid", "141102001002001")], [("file", "bomb.xlsx", data)])
                status, _ = c.request("POST", "/import?_csrf=" + c.csrf(), body, {"Content-Type": ctype})
                tally.add("import " + name, status)
                ctype, body = multipart([("community", "141102001002"), ("fee", "water")], [("file", "r.xlsx", data)])
                status, _ = c.request("POST", "/readings/import?_csrf=" + c.csrf(), body, {"Content-Type": ctype})
                tally.add("readings " + name, status)

    def photo_bombs():
        # Anonymous: three huge canvases a report (the address's hourly
        # limit answers after the tenth).
        c = Client(a.base)
        report = json.dumps({"category": "0102", "text": "楼道堆物", "community": "141102001002",
                             "phone": "13912345678"})
        while time.time() < stop:
            ctype, body = multipart([("json", report)], [("photo", "p%d.png" % i, huge_png) for i in range(3)])
            status, _ = c.request("POST", "/api/v1/events", body, {"Content-Type": ctype})
            tally.add("report 3x16384² png", status)

    def largest_photos(login):
        # Signed in: three photos at the largest size taken, again and again.
        c = staff_client(login)
        report = json.dumps({"category": "0102", "text": "楼道堆物", "community": "141102001002",
                             "phone": "13912345678"})
        while time.time() < stop:
            ctype, body = multipart([("json", report)], [("photo", "p%d.png" % i, big_png) for i in range(3)])
            status, _ = c.request("POST", "/api/v1/events", body, {"Content-Type": ctype})
            tally.add("report 3x36MP png", status)

    def export_flood(login):
        c = staff_client(login)
        n = 0
        while time.time() < stop and n < 510:
            n += 1
            status, _ = c.request("GET", "/exports/households?format=xlsx")
            tally.add("export job", status)
            status, _ = c.request("GET", "/households.xlsx")
            tally.add("export download", status)

    def mixed(i, client):
        paths = ["/households?page=200000000000000000", "/households", "/", "/events", "/api/v1/households"]
        n = 0
        while time.time() < stop:
            n += 1
            kind = n % 4
            if kind == 0:
                body = json.dumps({"category": "0201", "text": "水管漏水 %d-%d" % (i, n), "community": "141102001002",
                                   "phone": "13912345678"})
                status, _ = client.request("POST", "/api/v1/events", body, {"Content-Type": "application/json"})
                tally.add("mixed report", status)
            elif kind == 1:
                status, _ = client.request("POST", "/api/v1/regions/lookup", '{"codes": [',
                                           {"Content-Type": "application/json", "Accept-Encoding": "gzip"})
                tally.add("mixed bad json", status)
            else:
                status, _ = client.request("GET", paths[n % len(paths)])
                tally.add("mixed read", status)

    only = set(a.only.split(","))
    threads = [threading.Thread(target=sampler, daemon=True)]
    if "sheets" in only:
        threads += [threading.Thread(target=sheet_bombs, args=(login,), daemon=True)
                    for login in ("liu.yuanyuan", "luo.xinjuan")]
    if "bombs" in only:
        threads += [threading.Thread(target=photo_bombs, daemon=True) for _ in range(3)]
    if "photos" in only:
        threads += [threading.Thread(target=largest_photos, args=("liu.yuanyuan",), daemon=True) for _ in range(3)]
    if "exports" in only:
        threads += [threading.Thread(target=export_flood, args=(login,), daemon=True)
                    for login in ("liu.yuanyuan", "luo.xinjuan", "wang.mengxia", "zhao.yifei", "admin")]
    if "mixed" in only:
        sessions = [staff_client(login).cookies for login in ("liu.yuanyuan", "wang.mengxia", "zhao.yifei")]
        for i in range(a.connections):
            # Every connection signed in, sharing a few sessions.
            client = Client(a.base)
            client.cookies = dict(sessions[i % len(sessions)])
            threads.append(threading.Thread(target=mixed, args=(i, client), daemon=True))
    for t in threads:
        t.start()
    for t in threads[1:]:
        t.join(timeout=max(0.0, stop - time.time()) + 30)
    time.sleep(1)

    alive = vm(a.pid, "VmRSS") is not None
    hwm = vm(a.pid, "VmHWM") or peak["rss"]
    print("\n%-28s %s" % ("request", "answers (status: count)"))
    for kind in sorted(tally.counts):
        print("%-28s %s" % (kind, ", ".join("%s: %d" % kv for kv in sorted(tally.counts[kind].items()))))
    server_errors = sum(n for c in tally.counts.values() for s, n in c.items() if s >= 500 and s != 503)
    print("\nserver alive: %s; 5xx other than 503: %d" % (alive, server_errors))
    print("peak resident memory (VmHWM): %d MB; budget %d MB" % (hwm, a.budget_mb))
    if not alive:
        print("FAIL: the server died")
        return 1
    if hwm > a.budget_mb:
        print("FAIL: over the memory budget")
        return 1
    print("OK: within the memory budget")
    return 0


if __name__ == "__main__":
    sys.exit(main())
