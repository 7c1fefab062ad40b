#!/usr/bin/env python3
"""Write the benchmark file: an SSB-shaped long export (';', every field quoted, UTF-8, LF),
columns "region";"alder";"landbakgrunn";"år";"statistikkvariabel";"99999: …", with 360 kommuner
in 15 fylker, 12 age bands, years 2000-2024, the measures "Registrerte arbeidsledige" and
"Befolkning 15-74 år", and about 1 % of the values ".." or ":". A cube of 216,000 rows is
repeated with new landbakgrunn groups and new random values until ROWS rows are written.
The values are synthetic. Deterministic: the same ROWS and seed give the same bytes.

usage: gen.py ROWS OUTFILE [--seed N]
"""
import argparse
import random

FYLKER = ["03", "11", "15", "18", "31", "32", "33", "34", "39", "40", "42", "46", "50", "55", "56"]
NAMES = ["Drammen", "Sør-Varanger", "Hå", "Øksnes", "Porsanger - Porsángu - Porsanki", "Nes", "Våler",
         "Aurskog-Høland", "Bø", "Ås"]


def kommuner():
    out = []
    for f in FYLKER:
        for k in range(24):
            code = "%s%02d" % (f, k + 1)
            name = NAMES[(len(out)) % len(NAMES)] if len(out) < len(NAMES) else "Kommune %s" % code
            out.append("%s %s" % (code, name))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("rows")
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=20261124)
    a = ap.parse_args()
    rows = int(float(a.rows.replace("_", "")))
    rng = random.Random(a.seed)
    regions = kommuner()
    ages = ["%d-%d år" % (lo, lo + 4) for lo in range(15, 75, 5)]
    years = [str(y) for y in range(2000, 2025)]
    with open(a.out, "w", encoding="utf-8", newline="\n") as f:
        f.write('"region";"alder";"landbakgrunn";"år";"statistikkvariabel";'
                '"99999: Registrerte arbeidsledige og befolkning, etter region, alder, landbakgrunn, år og statistikkvariabel"\n')
        written, cube = 0, 0
        while written < rows:
            cube += 1
            group = "Gruppe %02d" % cube if cube < 100 else "Gruppe %03d" % cube
            for reg in regions:
                for age in ages:
                    for year in years:
                        pop = rng.randint(200, 3000)
                        unemployed = rng.randint(0, pop // 20)
                        for measure, value in (("Registrerte arbeidsledige", unemployed), ("Befolkning 15-74 år", pop)):
                            if written == rows:
                                return
                            r = rng.random()
                            cell = ".." if r < 0.005 else ":" if r < 0.01 else str(value)
                            f.write('"%s";"%s";"%s";"%s";"%s";"%s"\n' % (reg, age, group, year, measure, cell))
                            written += 1


if __name__ == "__main__":
    main()
