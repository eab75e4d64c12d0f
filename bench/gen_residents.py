#!/usr/bin/env python3
"""Writes a residents' sheet for import benchmarks: N rows with valid ID
numbers (GB 11643 check digit, area 141102), names, phones, 3 people a room,
60 a building. Deterministic (fixed seed).

    python3 bench/gen_residents.py 1000000 > 1m.csv
"""
import random
import sys

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"
SURNAMES = "王李张刘陈杨赵黄周吴高郭马冯武雒"
GIVEN = ["丽娥", "建国", "秀英", "志强", "桂兰", "海军", "玉梅", "德明", "彩霞", "文斌"]


def main(n: int) -> None:
    rng = random.Random(11)
    seen = set()
    out = sys.stdout
    out.write("楼栋,单元,房号,姓名,身份证号,联系电话,与户主关系\n")
    i = 0
    while i < n:
        f17 = "141102%04d%02d%02d%03d" % (
            rng.randint(1935, 2020), rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 999))
        if f17 in seen:
            continue
        seen.add(f17)
        id_number = f17 + CHECK[sum(int(d) * w for d, w in zip(f17, WEIGHTS)) % 11]
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        phone = "13%d" % rng.randint(500000000, 999999999)
        out.write(f"{i // 60}号楼,1,{(i % 60) // 3 + 101},{name},{id_number},{phone},本人\n")
        i += 1


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100000)
