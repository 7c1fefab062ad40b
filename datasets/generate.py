#!/usr/bin/env python3
"""Write the demo exports in datasets/: SYNTHETIC values in the exact layout of SSB
Statistikkbanken CSV downloads (ISO-8859-1, CRLF, quoted title line, ';').

The numbers are made up (a fixed random seed makes them reproducible); the kommune and fylke
codes and names are the real ones of 2024. Run from anywhere: python3 datasets/generate.py
"""
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
YEARS = list(range(2011, 2025))
rng = random.Random(2024)

# (code, name, population 2011, population 2024): present-day borders.
KOMMUNER = [
    ("3301", "Drammen", 95000, 103000),
    ("3312", "Lier", 25000, 28000),
    ("3314", "Øvre Eiker", 18000, 20500),
    ("3303", "Kongsberg", 26000, 28000),
    ("3305", "Ringerike", 29000, 31000),
    ("3316", "Modum", 13000, 14300),
]
FYLKE = ("33", "Buskerud", 265000, 275000)
LAND = ("0", "Hele landet", 4920000, 5550000)

AGE_BANDS = [(a, a + 4) for a in range(0, 75, 5)] + [(75, None)]
# Share of the population in each band (roughly Norwegian), sums to 1.
AGE_SHARES = [0.061, 0.062, 0.061, 0.064, 0.068, 0.070, 0.068, 0.067, 0.068,
              0.072, 0.070, 0.065, 0.060, 0.055, 0.048, 0.041]

# Registered unemployment 15-74 in per cent (synthetic; shaped like the real 2011-2024 path).
LAND_RATE = {2011: 2.7, 2012: 2.5, 2013: 2.6, 2014: 2.7, 2015: 2.8, 2016: 3.0, 2017: 2.6,
             2018: 2.3, 2019: 2.2, 2020: 5.0, 2021: 3.1, 2022: 1.7, 2023: 1.8, 2024: 2.1}
RATE_FACTOR = {"0": 1.0, "33": 0.96, "3301": 1.22, "3312": 0.85, "3314": 1.0, "3303": 0.9,
               "3305": 0.95, "3316": 0.9}
UNEMP_BANDS = [(15, 24), (25, 29), (30, 39), (40, 49), (50, 59), (60, 74)]
UNEMP_WEIGHT = [1.35, 1.25, 1.1, 0.95, 0.85, 0.6]  # relative risk by age


def band_label(lo, hi):
    return "%d år eller eldre" % lo if hi is None else "%d-%d år" % (lo, hi)


def population(total2011, total2024):
    """Population by region-independent age shares, growing smoothly with a little noise."""
    out = {}
    for i, year in enumerate(YEARS):
        total = total2011 + (total2024 - total2011) * i / (len(YEARS) - 1)
        for b, share in enumerate(AGE_SHARES):
            out[(b, year)] = int(round(total * share * (1 + rng.uniform(-0.01, 0.01))))
    return out


def pop_in(pop, lo, hi, year):
    total = 0
    for b, (blo, bhi) in enumerate(AGE_BANDS):
        if blo >= lo and bhi is not None and bhi <= hi:
            total += pop[(b, year)]
    return total


def write(name, lines):
    with open(os.path.join(HERE, name), "wb") as f:
        for line in lines:
            f.write(line.encode("iso-8859-1") + b"\r\n")


def main():
    regions = [LAND, FYLKE] + KOMMUNER
    pops = {code: population(p0, p1) for code, _, p0, p1 in regions}

    # 07459-like: long-ish, region x age x year in the stub, one value column.
    lines = ['"07459: Befolkning, etter region, alder, statistikkvariabel og år"',
             '"region";"alder";"år";"Personer"']
    for code, name, _, _ in regions:
        for b, (lo, hi) in enumerate(AGE_BANDS):
            for year in YEARS:
                lines.append('"%s %s";"%s";"%d";%d' % (code, name, band_label(lo, hi), year, pops[code][(b, year)]))
    write("07459_befolkning_alder.csv", lines)

    # 10539: the closed table (1999M01-2020M12) as an analyst downloads it for annual figures:
    # the November months only, old statbank layout (title + blank line, measure and month glued
    # in the header). The label is 10540's "Registrert helt arbeidsledige"; 10539's own label and
    # its bands below 15-74 are not verified against a real download (docs: tables.md §1.2).
    # Values for 2021-2024 are made as well (the random stream stays as it was) and go to 13563.
    old_years = [y for y in YEARS if y <= 2020]
    header = '"region";"alder";' + ";".join('"Registrert helt arbeidsledige %dM11"' % y for y in old_years)
    lines = ['"10539: Registrerte arbeidsledige 15-74 år, etter region, alder, statistikkvariabel og måned"', "", header]
    unemployed = {}
    for code, name, _, _ in regions:
        label = ("K-%s %s" % (code, name)) if len(code) == 4 else ("%s %s" % (code, name))
        parts = {}
        for year in YEARS:
            rate = LAND_RATE[year] * RATE_FACTOR[code] * (1 + rng.uniform(-0.04, 0.04)) / 100
            base = sum(w * pop_in(pops[code], lo, hi, year) for w, (lo, hi) in zip(UNEMP_WEIGHT, UNEMP_BANDS))
            scale = rate * pop_in(pops[code], 15, 74, year) / base
            for w, (lo, hi) in zip(UNEMP_WEIGHT, UNEMP_BANDS):
                parts[(lo, hi, year)] = int(round(scale * w * pop_in(pops[code], lo, hi, year)))
        for year in YEARS:
            unemployed[(code, year)] = sum(parts[(lo, hi, year)] for lo, hi in UNEMP_BANDS)
        total_row = ['"%s";"15-74 år"' % label]
        for year in old_years:
            total_row.append(str(unemployed[(code, year)]))
        lines.append(";".join(total_row))
        for lo, hi in UNEMP_BANDS:
            row = ['"%s";"%s"' % (label, band_label(lo, hi))]
            for year in old_years:
                value = str(parts[(lo, hi, year)])
                if code == "3316" and (lo, hi) == (60, 74) and year in (2011, 2012):
                    value = ":"   # suppressed for confidentiality (the total is still published)
                if code == "3305" and (lo, hi) == (15, 24) and year == 2020:
                    value = ".."  # not available
                row.append(value)
            lines.append(";".join(row))
    write("10539_registrerte_arbeidsledige.csv", lines)

    # 13563: annual register status in the 4th quarter, from 2021; the new statbank layout
    # (title without a blank line, stub columns, years across). Counts of residents ("Bosatte")
    # by main labour-force status; "I alt" is every resident of the age group. Kommuner K-3301,
    # the fylke F-33, landet "0 Hele landet", as the summed-series codelists label them.
    new_years = [y for y in YEARS if y >= 2021]
    lines = ['"13563: Kommunefordelt prioritert arbeidsstyrkestatus for 15 år og eldre (K), etter region, '
             'prioritert arbeidsstyrkestatus, alder, statistikkvariabel og år"',
             '"region";"prioritert arbeidsstyrkestatus";"alder";"statistikkvariabel";'
             + ";".join('"%d"' % y for y in new_years)]
    for code, name, _, _ in regions:
        label = ("K-%s %s" % (code, name)) if len(code) == 4 else ("F-%s %s" % (code, name)) if len(code) == 2 \
            else "%s %s" % (code, name)
        residents = {y: pop_in(pops[code], 15, 74, y) for y in new_years}
        employed = {y: int(round(residents[y] * 0.70 * RATE_FACTOR[code] ** -0.3 * (1 + rng.uniform(-0.01, 0.01))))
                    for y in new_years}
        for status, values in (("I alt", residents), ("Sysselsatte", employed),
                               ("Registrerte arbeidsledige", {y: unemployed[(code, y)] for y in new_years})):
            lines.append('"%s";"%s";"15-74 år";"Bosatte";' % (label, status) + ";".join(str(values[y]) for y in new_years))
    write("13563_arbeidsstyrkestatus.csv", lines)

    # Drammen's 13563 counts of 2022-2024 split over its grunnkretser (a cut in 13563's layout,
    # as a kommune gets it on special order; SYNTHETIC): the 261 grunnkretser of FHI's 52
    # levekårssoner (zones/drammen_levekarssoner_2026.csv) and uoppgitt 33019999, summing
    # exactly to the kommune's figures, under the kommune's code of each year: 3005xxxx for
    # 2022-2023, 3301xxxx for 2024. A random stream of its own keeps the files above as they were.
    grunnkretser(pops["3301"], unemployed)


def apportion(total, weights):
    """Whole numbers in proportion to weights that sum exactly to total (largest remainder)."""
    s = float(sum(weights))
    raw = [total * w / s for w in weights]
    out = [int(x) for x in raw]
    rest = total - sum(out)
    for i in sorted(range(len(raw)), key=lambda i: (out[i] - raw[i], i))[:rest]:
        out[i] += 1
    return out


def grunnkretser(pop, unemployed):
    g = random.Random(3301)
    zones = {}
    with open(os.path.join(HERE, "zones", "drammen_levekarssoner_2026.csv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            zone, _, gk = line.strip().split(",")
            zones.setdefault(zone, []).append(gk[4:])
    risk = {z: g.uniform(0.45, 2.2) for z in sorted(zones)}   # a zone's unemployment relative to Drammen's
    units = [(z, gk) for z in sorted(zones) for gk in zones[z]]
    # persons 15-74 per grunnkrets: mostly a few hundred, a few nearly empty (industry, parks)
    size = {gk: (g.uniform(3, 25) if g.random() < 0.06 else g.lognormvariate(5.6, 0.5)) for _, gk in units}
    size["9999"] = 0.002 * sum(size.values())                 # uoppgitt: residents without a grunnkrets
    codes = [gk for _, gk in units] + ["9999"]
    zone_of = dict((gk, z) for z, gk in units)
    years = [2022, 2023, 2024]
    for first, last, prefix in ((2022, 2023, "3005"), (2024, 2024, "3301")):
        ys = [y for y in years if first <= y <= last]
        rows = {}
        for y in ys:
            residents = apportion(pop_in(pop, 15, 74, y), [size[c] * g.uniform(0.98, 1.02) for c in codes])
            weights = [r * (risk[zone_of[c]] if c in zone_of else 1.0) for r, c in zip(residents, codes)]
            unemp = apportion(unemployed[("3301", y)], weights)
            for c, r, u in zip(codes, residents, unemp):
                u = min(u, r)
                rows.setdefault(c, {})[y] = (r, u)
        lines = ['"13563: Prioritert arbeidsstyrkestatus for 15 år og eldre etter grunnkrets (G), spesialbestilling, '
                 'etter region, prioritert arbeidsstyrkestatus, alder, statistikkvariabel og år"',
                 '"region";"prioritert arbeidsstyrkestatus";"alder";"statistikkvariabel";'
                 + ";".join('"%d"' % y for y in ys)]
        for c in codes:
            name = "Uoppgitt grunnkrets" if c == "9999" else "Grunnkrets %s" % c
            for status, k in (("I alt", 0), ("Registrerte arbeidsledige", 1)):
                lines.append('"%s%s %s";"%s";"15-74 år";"Bosatte";' % (prefix, c, name, status)
                             + ";".join(str(rows[c][y][k]) for y in ys))
        write(os.path.join("grunnkrets", "13563_grunnkrets_drammen_%d-%d.csv" % (first, last) if first != last
                           else "13563_grunnkrets_drammen_%d.csv" % first), lines)


if __name__ == "__main__":
    main()
