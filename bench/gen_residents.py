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
# Surnames by rough frequency (repeats weight them); given names of one or
# two characters from a pool, so that names repeat about as often as in a
# real district.
SURNAMES = "王王王李李李张张张刘刘刘陈陈杨杨赵赵郭郭高高武武马冯贾任薛梁韩曹孙白田宋温侯雒乔郝霍石吴周徐胡黄朱贺孟常闫秦牛崔段康"
GIVEN = ("丽娥建国秀英志强桂兰海军玉梅德明彩霞文斌淑珍晓燕明亮婷子涵浩然雨桐梓轩欣怡俊杰卫东永平晋生宏伟刚鹏磊勇超涛峰宇晨阳"
         "一鸣福贵天佑家豪振华立新民保云飞旭博金凤润莲爱红兰雪海丽敏静芳娟艳春花美玲慧佳梦瑶诗可馨素琴改小军")


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
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2, 2))))
        phone = "13%d" % rng.randint(500000000, 999999999)
        out.write(f"{i // 60}号楼,1,{(i % 60) // 3 + 101},{name},{id_number},{phone},本人\n")
        i += 1


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100000)
