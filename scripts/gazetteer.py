#!/usr/bin/env python3
"""Write assets/gazetteer/cities.tsv: China's prefecture- and county-level
cities by their short names, from the administrative-division table of the
`cpca` package (MIT licence; its resources/adcodes.csv).

    pip download --no-deps cpca==0.5.5 && unzip -o cpca-0.5.5-py3-none-any.whl
    python3 scripts/gazetteer.py cpca/resources/adcodes.csv > assets/gazetteer/cities.tsv

A city is a division named …市 below a province (prefecture level: code
XXYY00000000; county level: XXYYZZ000000), 市辖区 excepted. Its short name is
the name without 市. Left out: short names of one character (芒市), short
names that are also a province's short name (吉林: the province wins), and
short names two cities share (none in 0.5.5). The last column lists the
counties and districts whose names share the short name (长沙: 长沙县), for
which `analyze` keeps the short name rather than guess.
"""
import collections
import csv
import sys


def main(path):
    rows = list(csv.DictReader(open(path, encoding="utf-8")))
    provinces = {r["adcode"][:2]: r["name"] for r in rows if r["adcode"][2:] == "0" * 10}
    province_short = {
        p.removesuffix("省").removesuffix("市").removesuffix("自治区")
        for p in provinces.values()
    } | {"内蒙古", "广西", "西藏", "宁夏", "新疆"}
    cities = []
    for r in rows:
        code, name = r["adcode"], r["name"]
        if code[2:] == "0" * 10 or not name.endswith("市") or name == "市辖区":
            continue
        if code[4:] == "0" * 8:
            level = "prefecture"
        elif code[6:] == "0" * 6:
            level = "county"
        else:
            continue
        cities.append((name[:-1], name, provinces[code[:2]], level))
    # Counties and districts by the name before their suffix.
    stems = collections.defaultdict(set)
    for r in rows:
        n = r["name"]
        for suffix in ["自治县", "自治旗", "林区", "特区", "新区", "区", "县", "旗"]:
            if n.endswith(suffix) and len(n) > len(suffix):
                stems[n[: -len(suffix)]].add(n)
                break
    shared = collections.Counter(c[0] for c in cities)
    kept = sorted(
        c
        for c in cities
        if len(c[0]) >= 2 and c[0] not in province_short and shared[c[0]] == 1
    )
    out = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    out.writerow(["short", "full", "province", "level", "shared_with"])
    for c in kept:
        out.writerow([*c, " ".join(sorted(stems.get(c[0], ())))])


if __name__ == "__main__":
    main(sys.argv[1])
