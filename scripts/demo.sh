#!/bin/sh
# Set up a fresh Debian machine, build levekar and run the main job on the bundled data in
# datasets/: account for every line of each export, write all observations as one tidy CSV, and
# report registered unemployment in Drammen against Buskerud and landet, with its trend and a
# chart (build/demo/unemployment-drammen.png), a report of Drammen's 52 levekårssoner (small counts
# hidden), and Drammen's levekår profile for a plan document (build/demo/profil-drammen.html, .xlsx, .pdf).
set -eu
cd "$(dirname "$0")/.."
sh scripts/install-deps.sh
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build/release -j "$(nproc 2>/dev/null || echo 2)" >/dev/null
lk=build/release/tools/levekar
mkdir -p build/demo
"$lk" inspect datasets/*.csv
"$lk" tidy --geography latest datasets/*.csv -o build/demo/tidy.csv
"$lk" report --indicator unemployment --area 3301 datasets/*.csv -o build/demo/unemployment-drammen.txt
"$lk" report --indicator unemployment --area 3301 --format csv datasets/*.csv -o build/demo/unemployment-drammen.csv
"$lk" trend --indicator unemployment --area 3301 datasets/*.csv -o build/demo/unemployment-drammen-trend.txt
"$lk" chart trend --indicator unemployment --area 3301 -o build/demo/unemployment-drammen.png datasets/*.csv
echo
cat build/demo/unemployment-drammen.txt
echo
"$lk" report --indicator unemployment --area 3301 --format prose datasets/*.csv
cat build/demo/unemployment-drammen-trend.txt
echo
echo "wrote build/demo/tidy.csv: $(($(wc -l < build/demo/tidy.csv) - 1)) observations; Drammen, 15-74 år:"
grep '^10539,3301,Drammen,kommune,.*alder=15-74 år' build/demo/tidy.csv | awk -F, '{printf " %s: %s", $5, $9} END {print ""}'
grep '^13563,3301,Drammen,kommune,.*arbeidsstyrkestatus=Registrerte arbeidsledige' build/demo/tidy.csv | awk -F, '{printf " %s: %s", $5, $9} END {print " (13563)"}'
# Districts: Drammen's 52 levekårssoner (FHI's real definitions) over synthetic grunnkrets counts,
# with small counts hidden (prikking) and the grunnkretser of 2022-2023 (3005xxxx) recoded to 2024
"$lk" report --indicator unemployment --zones datasets/zones/drammen_levekarssoner_2026.csv --geography 2024 --all \
    --format csv -o build/demo/unemployment-drammen-levekarssoner.csv datasets/*.csv datasets/grunnkrets/*.csv
echo
echo "wrote build/demo/unemployment-drammen-levekarssoner.csv: $(grep -c ',zone,' build/demo/unemployment-drammen-levekarssoner.csv) zone figures of Drammen's 52 levekårssoner, $(grep -c ',zone,,,,,,,,~suppressed' build/demo/unemployment-drammen-levekarssoner.csv) hidden as small counts"
# The plan document: Drammen's levekår profile (every indicator the data can serve, against
# Buskerud and landet, with its levekårssoner) as HTML and Excel
"$lk" profile --area 3301 --zones datasets/zones/drammen_levekarssoner_2026.csv --geography 2024 \
    -o build/demo/profil-drammen.html datasets/*.csv datasets/grunnkrets/*.csv
"$lk" profile --area 3301 --zones datasets/zones/drammen_levekarssoner_2026.csv --geography 2024 \
    -o build/demo/profil-drammen.xlsx datasets/*.csv datasets/grunnkrets/*.csv || echo "(no .xlsx: levekar was built without libxlsxwriter)"
"$lk" profile --area 3301 --zones datasets/zones/drammen_levekarssoner_2026.csv --geography 2024 \
    -o build/demo/profil-drammen.pdf datasets/*.csv datasets/grunnkrets/*.csv || echo "(no .pdf: apt-get install weasyprint)"
echo "wrote build/demo/profil-drammen.html, .xlsx and .pdf"
