#!/usr/bin/env python3
"""Write a synthetic township-level census from the county census, for scaling benchmarks (issue 15).

SYNTHETIC DATA: the townships, their names and their populations are invented by a fixed rule. They
exist to give `carecap run --shard` and `carecap merge` a problem of the size of China's township
level (about 38,700 units in 2020) with the county census's age structure. Never use the output for
planning.

Rule (deterministic, no randomness):
- every leaf row of the county census (as CensusHierarchy.swift finds leaves: each county row, each
  zone row except the `…直辖县级行政区划` groups, each prefecture row with nothing under it: 东莞, 中山,
  儋州, 嘉峪关) is split into T = max(1, round(total / per_township)) townships;
- township i (i = 0..T-1) gets the share w_i / sum(w), w_i = 1 / (i + 1) ** 0.8: a Zipf-like split in
  which the first township (the town seat) is the largest;
- each of the 38 age-sex cells is split by the shares with largest-remainder rounding, so the townships
  of a unit sum exactly to it cell by cell; a township's `male` and `female` are the sums of its cells
  and `total` = male + female (the reader refuses a row whose cells do not sum to its sex columns, so
  the sex columns cannot be rounded on their own); the household columns (family_households,
  family_household_population, households_with_65plus) are split the same way, and stay empty where
  the unit's are empty; where rounding would break a limit the reader checks (family household
  population above a township's total, more households than their members, more households with 65+
  than households) the excess moves to the unit's other townships, so sums stay exact;
- county and zone rows are replaced by their townships; a leaf prefecture row is kept (it becomes the
  townships' parent) and its townships follow it; nation, province, non-leaf prefecture rows and the
  `…直辖县级行政区划` groups are copied unchanged. Every integer column of every province's townships
  therefore sums exactly to the leaf units they replace, and so to the province row wherever the county
  census's own leaves do (checked before writing; in the 2020 file all do except 河南省's
  family_household_population, 270 short in the source itself, which is printed, not hidden).

Keys. Real township codes are nine digits (county code + 3), but CareCap's census reader accepts only
a 6-digit code or none (Sources/Demography/CensusTable.swift), and the mobility file, the memory
estimate and several parent lookups assume six digits too. So townships are written WITHOUT a code,
level `county`, and are keyed by their name, as the census's zones are. The hierarchy then finds the
parents by name: the `province` column names the province row, and the `prefecture` column is set to
the NAME of the unit's prefecture row as CensusHierarchy.swift found it (for 北京's districts that is
`市辖区`, the county column of row 110100, not the `北京市` their own rows carry). Units with no
prefecture row (the province-administered counties, xx90yy) keep their own `prefecture` column, which
names no prefecture row, so their townships have none either. The script re-runs the hierarchy rules on
its output and refuses to write a file in which any township's parents differ from its unit's.

Names: `<unit>第N镇`, N = 1..T; where the unit's name is not unique among the leaves (29 county names
repeat, e.g. 朝阳区, 鼓楼区) it is preceded by the unit's `prefecture` column (北京市朝阳区第1镇), and the
script checks that every key is unique, as the reader requires.

No county_extra.csv is written: its reader (CensusMobility.swift) accepts 6-digit codes only. With
none beside the census, `carecap run` warns once and the additive migration uncertainty keeps its
floor (in-migrant shares 0); the arithmetic per cell is the same.

Standard library only. Usage:
  python3 scripts/township_census.py [--input CSV] [--output CSV] [--per-township 36500]
"""

import argparse
import csv
import os
import sys
from collections import Counter, defaultdict

DEFAULT_INPUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Scenarios", "data",
                             "census2020", "county_age5_sex.csv")
DEFAULT_OUTPUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Benchmarks", "township",
                              "data", "township_age5_sex.csv")

FIXED = ["code", "level", "province", "prefecture", "county", "total", "male", "female",
         "family_households", "family_household_population", "households_with_65plus"]
AGE_LABELS = ["0", "1-4"] + [f"{a}-{a + 4}" for a in range(5, 85, 5)] + ["85+"]
MALE = ["M_" + a for a in AGE_LABELS]
FEMALE = ["F_" + a for a in AGE_LABELS]
HOUSEHOLD = ["family_households", "family_household_population", "households_with_65plus"]
DIRECT_SUFFIX = "直辖县级行政区划"
ZIPF_EXPONENT = 0.8


def fail(message):
    print(f"township_census: {message}", file=sys.stderr)
    sys.exit(1)


def hierarchy(rows):
    """CensusHierarchy.swift in Python: (prefecture_of, province_of, is_leaf, is_aggregate) by row index.

    Kept line for line with the Swift rules so the check of the output means what the reader will do."""
    n = len(rows)
    province_by_name, prefecture_by_code, prefecture_by_name = {}, {}, {}
    for i, r in enumerate(rows):
        if r["level"] == "province":
            province_by_name.setdefault(r["county"], i)
        elif r["level"] == "prefecture":
            if r["code"]:
                prefecture_by_code[r["code"]] = i
            prefecture_by_name.setdefault(f'{r["province"]}/{r["county"]}', i)
    aggregate = [r["level"] == "zone" and r["county"].endswith(DIRECT_SUFFIX) for r in rows]
    prefecture_of = [None] * n
    province_of = [None] * n
    orphan_zones = defaultdict(list)
    for i, r in enumerate(rows):
        if r["level"] not in ("county", "zone", "prefecture"):
            continue
        province_of[i] = province_by_name.get(r["province"])
        if r["level"] == "prefecture" or aggregate[i]:
            continue
        p = prefecture_by_code.get(r["code"][:4] + "00") if len(r["code"]) == 6 else None
        if p is not None and rows[p]["province"] == r["province"]:
            prefecture_of[i] = p
        elif f'{r["province"]}/{r["prefecture"]}' in prefecture_by_name:
            prefecture_of[i] = prefecture_by_name[f'{r["province"]}/{r["prefecture"]}']
        elif r["level"] == "zone":
            orphan_zones[r["province"]].append(i)
    has_child = [False] * n
    for p in prefecture_of:
        if p is not None:
            has_child[p] = True
    for province, zones in orphan_zones.items():
        total = sum(int(rows[z]["total"]) for z in zones)
        parent = next((j for j, r in enumerate(rows) if r["level"] == "prefecture" and r["province"] == province
                       and not has_child[j] and int(r["total"]) == total), None)
        if parent is not None:
            for z in zones:
                prefecture_of[z] = parent
            has_child[parent] = True
    leaf = []
    for i, r in enumerate(rows):
        if r["level"] == "county":
            leaf.append(True)
        elif r["level"] == "zone":
            leaf.append(not aggregate[i])
        elif r["level"] == "prefecture":
            leaf.append(not has_child[i])
        else:
            leaf.append(False)
    return prefecture_of, province_of, leaf, aggregate


def shares(count):
    weights = [1.0 / (i + 1) ** ZIPF_EXPONENT for i in range(count)]
    total = sum(weights)
    return [w / total for w in weights]


def split(value, share):
    """Largest-remainder rounding of value × share: whole parts that sum exactly to value. Ties go to
    the earlier (larger) township, so the result does not depend on anything but the inputs."""
    exact = [value * s for s in share]
    parts = [int(x) for x in exact]
    left = value - sum(parts)
    order = sorted(range(len(share)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[:left]:
        parts[i] += 1
    return parts


def cap(parts, limits):
    """Moves whatever exceeds `limits[i]` in `parts[i]` to the townships with room, most room first, so
    the sum stays the unit's. Rounding alone can put a township's family household population one above
    its total (where nearly everyone lives in family households), which the reader refuses; the unit's
    own row obeys the limit, so the room is there."""
    excess = sum(max(0, p - l) for p, l in zip(parts, limits))
    if excess == 0:
        return parts
    parts = [min(p, l) for p, l in zip(parts, limits)]
    for i in sorted(range(len(parts)), key=lambda i: (-(limits[i] - parts[i]), i)):
        move = min(excess, limits[i] - parts[i])
        parts[i] += move
        excess -= move
    if excess:
        fail("a household column cannot be split within its limits")
    return parts


def integer(field):
    return int(field) if field != "" else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--input", default=DEFAULT_INPUT, help="county census (county_age5_sex.csv layout)")
    parser.add_argument("--output", default=DEFAULT_OUTPUT, help="township census to write")
    parser.add_argument("--per-township", type=int, default=36500,
                        help="residents per township: a unit of total P gets max(1, round(P / this)) townships")
    args = parser.parse_args()
    if args.per_township <= 0:
        fail("--per-township must be positive")

    with open(args.input, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        header = reader.fieldnames or []
        rows = list(reader)
    missing = [c for c in FIXED + MALE + FEMALE if c not in header]
    if missing:
        fail(f"{args.input}: no column {missing[0]} (county_age5_sex.csv layout expected)")

    prefecture_of, province_of, leaf, _ = hierarchy(rows)
    leaf_names = Counter(r["county"] for i, r in enumerate(rows) if leaf[i])

    out_rows = []
    # Per written township: the index of the unit it came from, to check its parents after writing.
    source_of = []
    township_count = 0
    for i, r in enumerate(rows):
        if not leaf[i]:
            out_rows.append(dict(r))
            source_of.append(None)
            continue
        if r["level"] == "prefecture":
            out_rows.append(dict(r))     # the leaf prefecture stays, as its townships' parent
            source_of.append(None)
        total = integer(r["total"])
        count = max(1, round(total / args.per_township))
        share = shares(count)
        cells = {c: split(integer(r[c]), share) for c in MALE + FEMALE}
        totals = [sum(cells[c][t] for c in MALE + FEMALE) for t in range(count)]
        households = {c: split(integer(r[c]), share) for c in HOUSEHOLD if r[c] != ""}
        # The reader's limits, township by township: family household population ≤ total, family
        # households ≤ their population (at least one person each), households with 65+ ≤ households.
        if "family_household_population" in households:
            households["family_household_population"] = cap(households["family_household_population"], totals)
            if "family_households" in households:
                households["family_households"] = cap(households["family_households"],
                                                      households["family_household_population"])
        if "households_with_65plus" in households and "family_households" in households:
            households["households_with_65plus"] = cap(households["households_with_65plus"],
                                                       households["family_households"])
        all_cells_empty = all(r[c] == "" for c in MALE + FEMALE)
        if all_cells_empty:
            fail(f'{r["county"]} ({r["code"] or "no code"}) has no age data: the split needs it')
        base_name = r["county"] if leaf_names[r["county"]] == 1 else r["prefecture"] + r["county"]
        parent = prefecture_of[i]
        if r["level"] == "prefecture":
            parent_name = r["county"]
        elif parent is not None:
            parent_name = rows[parent]["county"]
        else:
            parent_name = r["prefecture"]
        for t in range(count):
            row = {c: "" for c in header}
            row.update({"code": "", "level": "county", "province": r["province"], "prefecture": parent_name,
                        "county": f"{base_name}第{t + 1}镇"})
            for c in MALE + FEMALE:
                row[c] = str(cells[c][t])
            male = sum(cells[c][t] for c in MALE)
            female = sum(cells[c][t] for c in FEMALE)
            row["male"], row["female"], row["total"] = str(male), str(female), str(male + female)
            for c, parts in households.items():
                row[c] = str(parts[t])
            out_rows.append(row)
            source_of.append(i)
            township_count += 1

    inherited = check(rows, out_rows, source_of, prefecture_of, province_of, leaf)

    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    temporary = args.output + ".tmp"
    with open(temporary, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(out_rows)
    os.replace(temporary, args.output)

    units = sum(leaf)
    nation = next((r for r in rows if r["level"] == "nation"), None)
    township_total = sum(int(r["total"]) for r, s in zip(out_rows, source_of) if s is not None)
    print(f"township_census: {units} leaf units -> {township_count} townships "
          f"(per township {args.per_township}); wrote {args.output}")
    print(f"township_census: townships' total {township_total:,}"
          + (f"; nation row {int(nation['total']):,}" if nation else "")
          + "; each province's townships sum exactly to the leaf units they replace, in every integer column")
    if inherited:
        print(f"township_census: {len(inherited)} province column(s) where the input's own leaves already "
              "differ from the province row (kept as they are):")
        for line in inherited:
            print(f"  {line}")
    else:
        print("township_census: and to the province rows, in every integer column")


def check(rows, out_rows, source_of, prefecture_of, province_of, leaf):
    """Refuses to write a file the reader would read differently from what the rule says."""
    columns = ["total", "male", "female"] + HOUSEHOLD + MALE + FEMALE
    keys = Counter(r["county"] for r in out_rows if r["code"] == "" and not r["county"].endswith(DIRECT_SUFFIX))
    repeated = [k for k, v in keys.items() if v > 1]
    if repeated:
        fail(f"unit names without a code repeat ({repeated[:3]}): the reader keys such rows by name")
    for r in out_rows:
        if any(integer(r[c]) < 0 for c in columns):
            fail(f'{r["county"]}: a negative count')
        total, male, female = integer(r["total"]), integer(r["male"]), integer(r["female"])
        if male + female != total or sum(integer(r[c]) for c in MALE) != male \
                or sum(integer(r[c]) for c in FEMALE) != female:
            fail(f'{r["county"]}: age cells, sexes and total disagree')
        # The reader's household checks (CensusTable.swift).
        households, people, elderly = (r[c] for c in HOUSEHOLD)
        if people != "" and int(people) > total:
            fail(f'{r["county"]}: family household population {people} > total {total}')
        if people != "" and households != "" and int(households) > 0 \
                and not 1 <= int(people) / int(households) <= 10:
            fail(f'{r["county"]}: {people} / {households} persons per family household')
        if elderly != "" and households != "" and int(elderly) > int(households):
            fail(f'{r["county"]}: households with 65+ {elderly} > family households {households}')

    # Parents as the reader will find them, against the unit each township came from.
    new_prefecture_of, new_province_of, new_leaf, _ = hierarchy(out_rows)
    def key(rowlist, index):
        return None if index is None else (rowlist[index]["level"], rowlist[index]["code"], rowlist[index]["county"])
    for j, source in enumerate(source_of):
        if source is None:
            if new_leaf[j]:
                fail(f'{out_rows[j]["county"]} ({out_rows[j]["code"]}) is still a leaf beside its townships')
            continue
        if not new_leaf[j]:
            fail(f'{out_rows[j]["county"]} is not a leaf')
        unit = rows[source]
        expected_prefecture = key(rows, source) if unit["level"] == "prefecture" else key(rows, prefecture_of[source])
        if key(out_rows, new_prefecture_of[j]) != expected_prefecture:
            fail(f'{out_rows[j]["county"]}: prefecture {key(out_rows, new_prefecture_of[j])}, '
                 f'its unit {unit["county"]} has {expected_prefecture}')
        if key(out_rows, new_province_of[j]) != key(rows, province_of[source]):
            fail(f'{out_rows[j]["county"]}: province differs from its unit {unit["county"]}')

    unassigned = [out_rows[j]["county"] for j, s in enumerate(source_of) if s is not None and new_province_of[j] is None]
    if unassigned:
        fail(f"townships without a province: {unassigned[:3]}")

    # Every integer column: the townships of each province sum to the unit rows they replace, and to
    # the province row wherever those units do.
    by_province = defaultdict(lambda: Counter())
    units_by_province = defaultdict(lambda: Counter())
    for j, source in enumerate(source_of):
        if source is not None and new_province_of[j] is not None:
            for c in columns:
                by_province[new_province_of[j]][c] += integer(out_rows[j][c])
    for i, r in enumerate(rows):
        if leaf[i] and province_of[i] is not None:
            for c in columns:
                units_by_province[province_of[i]][c] += integer(r[c])
    provinces = [j for j, r in enumerate(out_rows) if r["level"] == "province"]
    # Output rows keep the input's order and only add township rows, so province j of the output is
    # the same province as the input row with the same name.
    input_province = {rows[i]["county"]: i for i in range(len(rows)) if rows[i]["level"] == "province"}
    inherited = []
    for j in provinces:
        row = out_rows[j]
        units = units_by_province[input_province[row["county"]]]
        for c in columns:
            if by_province[j][c] != units[c]:
                fail(f'{row["county"]}: townships sum to {by_province[j][c]} in {c}, the units they replace to {units[c]}')
            if by_province[j][c] != integer(row[c]):
                # The county census's own leaves miss the province row here: kept, not hidden.
                inherited.append(f'{row["county"]} {c}: leaves {by_province[j][c]}, province row {row[c]}')
    nation = [r for r in out_rows if r["level"] == "nation"]
    if nation:
        for c in columns:
            if sum(by_province[j][c] for j in provinces) != integer(nation[0][c]) \
                    and not any(f" {c}:" in line for line in inherited):
                fail(f"the townships do not sum to the nation row in {c}")
    return inherited


if __name__ == "__main__":
    main()
