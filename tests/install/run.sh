#!/bin/sh
# Install levekar into a temporary prefix, then build and run examples/count_measures.c against
# the installed library three ways: CMake find_package, pkg-config (shared), pkg-config --static.
# Usage: run.sh SOURCE_DIR BUILD_DIR WORK_DIR
set -eu
src=$1 build=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL (install_example): $*" >&2; exit 1; }

cmake --install "$build" --prefix "$work/prefix" > "$work/install.log" || fail "cmake --install"
pc=$(find "$work/prefix" -name levekar.pc | head -n 1)
[ -n "$pc" ] || fail "no levekar.pc installed"
[ -s "$work/prefix/share/man/man1/levekar.1" ] || fail "no share/man/man1/levekar.1 installed"
libdir=$(dirname "$(dirname "$pc")")

printf '"07459: Befolkning, etter region, \345r og statistikkvariabel"\r\n' > "$work/in.csv"
printf '"region";"\345r";"Personer"\r\n"3301 Drammen";"2023";102000\r\n"3301 Drammen";"2024";..\r\n' >> "$work/in.csv"
expected="$work/in.csv: Personer: 2 observations (1 missing)"

# 1. CMake package
cmake -S "$src/examples" -B "$work/cmake-build" -DCMAKE_PREFIX_PATH="$work/prefix" > "$work/cmake.log" || fail "configure example (see $work/cmake.log)"
cmake --build "$work/cmake-build" > "$work/build.log" || fail "build example with find_package"
out=$(LD_LIBRARY_PATH="$libdir" "$work/cmake-build/count_measures" "$work/in.csv") || fail "run (cmake)"
[ "$out" = "$expected" ] || fail "cmake build printed: $out"

# 2. pkg-config, shared library
export PKG_CONFIG_PATH="$libdir/pkgconfig"
cc -std=c99 -Wall -Wextra -pedantic -Werror $(pkg-config --cflags levekar) "$src/examples/count_measures.c" \
   -o "$work/shared" $(pkg-config --libs levekar) || fail "pkg-config shared build"
out=$(LD_LIBRARY_PATH="$libdir" "$work/shared" "$work/in.csv") || fail "run (shared)"
[ "$out" = "$expected" ] || fail "shared build printed: $out"

# 3. pkg-config --static against liblevekar.a
cc -std=c99 $(pkg-config --cflags levekar) "$src/examples/count_measures.c" -o "$work/static" \
   "$libdir/liblevekar.a" $(pkg-config --static --libs levekar | sed 's/-llevekar//') || fail "static build"
ldd "$work/static" | grep -q liblevekar && fail "static build still links liblevekar.so"
out=$("$work/static" "$work/in.csv") || fail "run (static)"
[ "$out" = "$expected" ] || fail "static build printed: $out"

# A bad file gives the library's message and exit 1.
printf '"region";"\345r";"Personer"\n"3301 Drammen";"2023"\n' > "$work/bad.csv"
"$work/static" "$work/bad.csv" 2> "$work/err.txt" && fail "bad file must fail"
grep -q "bad.csv:2: no data rows found\|bad.csv:2: 2 fields" "$work/err.txt" || fail "message: $(cat "$work/err.txt")"
# The pipeline example (examples/drammen_unemployment.c, built by the CMake project above)
# against the installed library gives levekar report's numbers for Drammen's latest year.
ds="$src/datasets"
out=$(LD_LIBRARY_PATH="$libdir" "$work/cmake-build/drammen_unemployment" "$ds"/*.csv) || fail "run the pipeline example"
want=$("$build/tools/levekar" report --indicator unemployment --area 3301 --format csv "$ds"/*.csv 2>/dev/null |
    awk -F, '$3 == "3301" && $8 != "" { p = $2; v = $8; lo = $9; hi = $10; vs = $12 } $3 == "0" && $2 == p { l = $8 }
             END { printf "%s Drammen: %.2f %% (%.2f-%.2f), landet %.2f %%, %s\n", p, v, lo, hi, l, vs }')
[ "$out" = "$want" ] || fail "pipeline example printed '$out', levekar report gives '$want'"
echo "ok (install_example)"
