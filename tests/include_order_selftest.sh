#!/bin/sh
# include_order.sh catches what it is there to catch: on a made-up tree, a module outside
# lib/read that includes the reader's interning table or its scanner fails the check (the two
# exceptions once allowed by name), and the same module on lib/common's map and side-file
# reader passes. Usage: include_order_selftest.sh SOURCE_DIR
set -u
check=$1/tests/include_order.sh
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
mkdir -p "$t/lib/common" "$t/lib/read" "$t/lib/geography"
: > "$t/lib/common/map.h"
: > "$t/lib/common/side_csv.h"
: > "$t/lib/read/intern.h"
: > "$t/lib/read/scan.h"
printf '#include "../common/map.h"\n#include "../common/side_csv.h"\n' > "$t/lib/geography/zones.c"
sh "$check" "$t" > /dev/null || { echo "FAIL: lib/common headers refused"; exit 1; }
for bad in ../read/intern.h ../read/scan.h; do
    printf '#include "../common/map.h"\n#include "%s"\n' "$bad" > "$t/lib/geography/zones.c"
    out=$(sh "$check" "$t")
    [ $? -ne 0 ] || { echo "FAIL: $bad accepted"; exit 1; }
    [ "$out" = "lib/geography/zones.c: includes $bad, an internal header of read (expected its public header)" ] \
        || { echo "FAIL: message for $bad: $out"; exit 1; }
done
# lib/fetch comes before lib/read: bytes from the network know nothing of observations or indicators
mkdir -p "$t/lib/fetch"
printf '#include "../common/map.h"\n' > "$t/lib/geography/zones.c"
printf '#include "levekar/common.h"\n' > "$t/lib/fetch/fetch.c"
printf '#include "levekar/fetch.h"\n' > "$t/lib/read/reader.c"
sh "$check" "$t" > /dev/null || { echo "FAIL: lib/read including levekar/fetch.h refused"; exit 1; }
for bad in levekar/indicators.h levekar/read.h; do
    printf '#include "%s"\n' "$bad" > "$t/lib/fetch/fetch.c"
    out=$(sh "$check" "$t")
    [ $? -ne 0 ] || { echo "FAIL: lib/fetch including $bad accepted"; exit 1; }
    case $out in "lib/fetch/fetch.c: includes $bad, of "*", which comes after fetch (expected only earlier folders)") ;;
    *) echo "FAIL: message for lib/fetch including $bad: $out"; exit 1 ;; esac
done
echo "ok (include order self-test)"
