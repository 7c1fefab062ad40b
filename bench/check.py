#!/usr/bin/env python3
"""Check levekar's report against an independent computation of the bench job: numerators and
denominators (missing values skipped) per kommune (first 4 characters of the region), fylke
(first 2) and landet, per year.

usage: check.py BENCHFILE.csv LEVEKAR_REPORT.csv
       check.py --kit KIT_OUTPUT.csv LEVEKAR_REPORT.csv   against the peer kit's reference output
                                                         (level,region,year,unemployed,population)"""
import csv
import sys


def reference(path):
    ref = {}
    with open(path, encoding="utf-8", newline="") as f:
        r = csv.reader(f, delimiter=";")
        next(r)
        for reg, _age, _group, year, measure, value in r:
            if value in ("..", ":"):
                continue
            side = 0 if measure.startswith("Registrerte") else 1
            k = reg[:4]
            for key in (("kommune", k, year), ("fylke", k[:2], year), ("land", "0", year)):
                ref.setdefault(key, [0, 0])[side] += int(value)
    return ref


def kit_reference(path):
    ref = {}
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            ref[(row["level"], row["region"], row["year"])] = [int(row["unemployed"]), int(row["population"])]
    return ref


def main():
    if sys.argv[1] == "--kit":
        ref, report, what = kit_reference(sys.argv[2]), sys.argv[3], "the kit's reference output"
    else:
        ref, report, what = reference(sys.argv[1]), sys.argv[2], "the independent sums"
    ours = {}
    with open(report, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            ours[(row["level"], row["region"], row["period"])] = [int(float(row["numerator"])), int(float(row["denominator"]))]
    bad = [k for k in ref if ours.get(k) != ref[k]]
    extra = [k for k in ours if k not in ref]
    if bad or extra:
        print("DIFF: %d differ, %d extra; e.g. %s" % (len(bad), len(extra), [(k, ref.get(k), ours.get(k)) for k in (bad + extra)[:3]]))
        sys.exit(1)
    print("OK   %d rows: numerators and denominators equal %s" % (len(ref), what))


if __name__ == "__main__":
    main()
