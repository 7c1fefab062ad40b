#!/bin/sh
# Set up a fresh Debian machine, build levekar and run the main job on the bundled data in
# datasets/: account for every line of each export, then write all observations, on the borders of
# the latest year, as one tidy CSV.
set -eu
cd "$(dirname "$0")/.."
sh scripts/install-deps.sh
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build/release -j "$(nproc 2>/dev/null || echo 2)" >/dev/null
lk=build/release/tools/levekar
mkdir -p build/demo
"$lk" inspect datasets/*.csv
"$lk" tidy --geography latest datasets/*.csv -o build/demo/tidy.csv
echo
echo "wrote build/demo/tidy.csv: $(($(wc -l < build/demo/tidy.csv) - 1)) observations; Drammen, 15-74 år:"
grep '^10539,3301,Drammen,kommune,.*alder=15-74 år' build/demo/tidy.csv | awk -F, '{printf " %s: %s", $5, $8} END {print ""}'
