#!/usr/bin/env python3
"""Fills a stopped linli's SQLite database up to N events of one community,
with varied descriptions and addresses (so that finding words means
something), a year of report times, most closed, some waiting, some on the
clock, and indexes their words as linli does (bigrams of letters and digits,
lower-cased: crates/store/src/events/term.rs).

    python3 bench/fill_events.py DB_PATH N
"""
import os
import random
import sqlite3
import sys
import time

PLACES = ["1号楼", "2号楼", "3号楼", "5号楼2单元", "7号楼", "9号楼3单元", "12号楼", "小区东门", "小区西门",
          "地下车库", "南区广场", "北区花园", "菜市场门口", "幼儿园旁", "健身器材区", "物业楼", "垃圾站",
          "交通路口", "公交站台", "老年活动室"]
PROBLEMS = [("0201", "水管漏水"), ("0201", "下水道堵塞"), ("0202", "楼道灯不亮"), ("0205", "电梯故障停运"),
            ("0203", "暖气不热"), ("0101", "垃圾堆放没人清理"), ("0102", "绿化带杂草丛生"), ("07", "占道经营"),
            ("06", "违章搭建彩钢房"), ("05", "邻里噪音扰民"), ("08", "井盖缺失有危险"), ("0204", "路面破损积水"),
            ("0206", "单元门禁坏了"), ("0101", "楼道堆放杂物"), ("05", "楼上漏水到我家")]
DETAILS = ["已经三天了", "请尽快处理", "老人出行不便", "孩子上学经过", "晚上很危险", "反映多次没人管",
           "影响休息", "物业说不归他们管", "希望社区协调", "下雨后更严重", "", "", ""]


def normalize(s):
    return "".join(c.lower() for c in s if c.isalnum())


def bigrams(s):
    n = normalize(s)
    return {n[i:i + 2] for i in range(len(n) - 1)}


def uuid7(ms):
    b = bytearray(ms.to_bytes(6, "big") + os.urandom(10))
    b[6] = (b[6] & 0x0F) | 0x70
    b[8] = (b[8] & 0x3F) | 0x80
    return bytes(b)


def main(path, target):
    db = sqlite3.connect(path)
    cols = [r[1] for r in db.execute("pragma table_info(event)")]
    template = dict(zip(cols, db.execute("select * from event where community_id = '141102001002' limit 1").fetchone()))
    have = db.execute("select count(*) from event").fetchone()[0]
    rng = random.Random(7)
    now_ms = int(time.time() * 1000)
    year_ms = 365 * 24 * 3600 * 1000
    start = time.time()
    # Report times in order, so that ids (UUIDv7) are in time order as linli's are.
    times = sorted(now_ms - rng.randrange(year_ms) for _ in range(target - have))
    events, terms = [], []
    for i, ms in enumerate(times):
        place, (category, problem), detail = rng.choice(PLACES), rng.choice(PROBLEMS), rng.choice(DETAILS)
        text = f"{place}{problem}，{detail}" if detail else f"{place}{problem}"
        roll = rng.randrange(100)
        state = ["reported", "accepted", "dispatched", "in_progress", "resolved", "closed"][roll] if roll < 6 \
            else "visited_satisfied"
        row = dict(template)
        at = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms // 1000)) + f".{ms % 1000:03d}+00:00"
        eid = uuid7(ms)
        row.update(id=eid, code=f"B{i:011X}", category_code=category, state=state, text=text,
                   address=f"交通路社区{place}", created_at=at, updated_at=at, late=1 if rng.randrange(50) == 0 else 0,
                   rework=1 if rng.randrange(40) == 0 else 0, unit_id=None, assignee_id=None, rating_token_hash=None)
        events.append(tuple(row[c] for c in cols))
        for t in bigrams(text) | bigrams(row["address"]):
            terms.append((t, row["community_id"], eid))
    db.executemany(f"insert into event ({', '.join(cols)}) values ({', '.join('?' for _ in cols)})", events)
    # In key order: the postings' b-tree grows at its end.
    terms.sort()
    db.executemany("insert into event_term (term, community_id, event_id) values (?, ?, ?)", terms)
    db.commit()
    db.execute("analyze")
    db.commit()
    n = db.execute("select count(*) from event").fetchone()[0]
    t = db.execute("select count(*) from event_term").fetchone()[0]
    print(f"filled to {n} events ({t} postings) in {time.time() - start:.0f} s")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
