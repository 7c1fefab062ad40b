#!/bin/sh
# levekar profile for every kommune of Buskerud (fylke 33) from the demo data (datasets/, with
# Drammen's levekårssoner and grunnkrets counts), as HTML with every built-in indicator, in one
# batch (--all-kommuner 33): seconds per profile written (issue 16's target: at most 0.5 s on the
# 2-core machine). The charts are SVG drawn by the library, so no time goes to gnuplot.
# Usage: sh bench/profile.sh [LEVEKAR]   (default: a Release build in /tmp/levekar-bench-profile)
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
lk=${1:-}
if [ -z "$lk" ]; then
    cmake -S "$src" -B /tmp/levekar-bench-profile -DCMAKE_BUILD_TYPE=Release > /dev/null
    cmake --build /tmp/levekar-bench-profile -j2 --target levekar_cli > /dev/null
    lk=/tmp/levekar-bench-profile/tools/levekar
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
start=$(date +%s.%N)
"$lk" profile --all-kommuner 33 --zones "$src"/datasets/zones/drammen_levekarssoner_2026.csv --geography 2024 \
    -o "$out/{region}.html" "$src"/datasets/*.csv "$src"/datasets/grunnkrets/*.csv 2> "$out/err.txt"
end=$(date +%s.%N)
n=$(ls "$out" | grep -c '\.html$')
k=$(sed -n 's/.*warning: \([0-9]*\) kommuner have no data.*/\1/p' "$out/err.txt")
k=${k:-0}
echo "$n profiles of the $((n + k)) kommuner of Buskerud (HTML; $k without data, left out): $(echo "$start $end $n $((n + k))" |
    awk '{ printf "%.3f s in all, %.4f s per profile written, %.4f s per kommune", $2 - $1, ($2 - $1) / $3, ($2 - $1) / $4 }'); gnuplot: none (SVG drawn by the library)"
