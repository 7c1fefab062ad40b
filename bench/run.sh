#!/bin/sh
# Benchmark levekar on the bench job (see README.md here). Not part of ctest.
#   sh bench/run.sh                 1e3, 1e6 and 1e7 rows
#   sh bench/run.sh 1e6             chosen sizes
# Builds a Release build in build/bench, writes data to $BENCH_WORK (default /tmp/levekar-bench),
# times levekar (median of RUNS, default 5, after a warm-up), checks its numbers against an
# independent Python computation, and, where ../shared/bench exists, runs the peer kit (DuckDB,
# cat and the memchr scan by default; PEERS to choose) in the same run for the ratios.
set -eu
cd "$(dirname "$0")/.."
work=${BENCH_WORK:-/tmp/levekar-bench}
runs=${RUNS:-5}
mkdir -p "$work"
[ $# -gt 0 ] || set -- 1e3 1e6 1e7
cmake -S . -B build/bench -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF > /dev/null
cmake --build build/bench -j "$(nproc 2>/dev/null || echo 2)" > /dev/null
lk=$(pwd)/build/bench/tools/levekar
job() { "$lk" report --numerator "$1:Registrerte" --denominator "$1:Befolkning" --all --format csv --missing skip -o "$2"; }

echo "| rows | MB | levekar wall s (median of $runs) | peak RSS MiB | cat wall s | check |"
echo "|---|---|---|---|---|---|"
for n in "$@"; do
    f="$work/bench_$n.csv"
    [ -f "$f" ] || python3 bench/gen.py "$n" "$f"
    cat "$f" > /dev/null
    job "$f" "$work/out_$n.csv" # warm-up
    rss=$( { /usr/bin/time -f "%M" "$lk" report --numerator "$f:Registrerte" --denominator "$f:Befolkning" --all --format csv --missing skip -o "$work/out_$n.csv"; } 2>&1 | tail -n 1)
    times=""
    i=0
    while [ $i -lt "$runs" ]; do
        s=$(date +%s.%N); job "$f" "$work/out_$n.csv"; e=$(date +%s.%N)
        times="$times $(echo "$e - $s" | bc -l)"
        i=$((i + 1))
    done
    med=$(echo $times | tr ' ' '\n' | sort -n | awk '{a[NR]=$1} END {printf "%.3f", a[int((NR+1)/2)]}')
    s=$(date +%s.%N); cat "$f" > /dev/null; e=$(date +%s.%N)
    catt=$(echo "$e - $s" | bc -l | awk '{printf "%.3f", $1}')
    chk=$(python3 bench/check.py "$f" "$work/out_$n.csv" | cut -c1-4)
    mb=$(du -mL "$f" | cut -f1)
    echo "| $n | $mb | $med | $(echo "$rss / 1024" | bc) | $catt | $chk |"
done

if [ -d ../shared/bench ]; then
    echo
    echo "Peers in the same run (the kit's own table; levekar's output is checked above, the kit's"
    echo "checker expects another column layout):"
    PEERS=${PEERS:-"cat scan duckdb"} PROJECT_NAME=levekar PROJECT_CHECK=0 \
    PROJECT_CMD="$lk report --numerator {in}:Registrerte --denominator {in}:Befolkning --all --format csv --missing skip -o {out}" \
        sh ../shared/bench/run_peers.sh "$@"
    echo
    echo "levekar's output in the kit's run against the kit's reference output (DuckDB's, which the kit"
    echo "checked against its own oracle):"
    kit=${BENCH_WORK:-${TMPDIR:-/tmp}/ssb-bench}/out # where the kit worked
    for n in "$@"; do
        rows=$(python3 -c "print(int(float('$n'.replace('_', ''))))")
        echo "  $n: $(python3 bench/check.py --kit "$kit/ssb_$rows.csv.duckdb.csv" "$kit/ssb_$rows.csv.levekar.csv")"
    done
fi
