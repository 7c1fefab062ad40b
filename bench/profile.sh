#!/bin/sh
# levekar profile for every kommune in the demo data (datasets/: Buskerud's kommuner), as HTML
# with every built-in indicator: seconds per profile (issue 16's target: at most 0.5 s on the
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
codes=$(LC_ALL=C sed -n 's/^"K-\([0-9]\{4\}\) .*/\1/p' "$src"/datasets/10539_registrerte_arbeidsledige.csv | sort -u)
n=0
start=$(date +%s.%N)
for k in $codes; do
    "$lk" profile --area "$k" -o "$out/$k.html" "$src"/datasets/*.csv 2> /dev/null
    n=$((n + 1))
done
end=$(date +%s.%N)
echo "$n profiles (HTML, $(ls "$out" | wc -l) files): $(echo "$start $end $n" | awk '{ printf "%.3f s in all, %.4f s per profile", $2 - $1, ($2 - $1) / $3 }'); gnuplot: none (SVG drawn by the library)"
