#!/bin/sh
# Set up a fresh Debian machine and run every test: a warnings-as-errors build, the same suite
# on the plain paths (LK_PLAIN), then under AddressSanitizer + UndefinedBehaviorSanitizer.
set -eu
cd "$(dirname "$0")/.."
sh scripts/install-deps.sh
jobs=$(nproc 2>/dev/null || echo 2)

cmake -S . -B build/release -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLK_WERROR=ON
cmake --build build/release -j "$jobs"
(cd build/release && ctest --output-on-failure -j "$jobs")

# The same suite on the plain paths: every speed trick's twin (libcsv for the row scanner, no
# pointer caches in the computation, one thread), so each trick is checked against it.
cmake -S . -B build/plain -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLK_WERROR=ON -DLK_PLAIN=ON
cmake --build build/plain -j "$jobs"
(cd build/plain && ctest --output-on-failure -j "$jobs")

cmake -S . -B build/asan -DCMAKE_BUILD_TYPE=Debug -DLK_WERROR=ON -DLK_SANITIZE=ON
cmake --build build/asan -j "$jobs"
(cd build/asan && ctest --output-on-failure -j "$jobs")

# Each fuzz target for a short, bounded time where clang and its fuzzer runtime are present.
# (Their corpora already ran above, as ctest tests, in both builds.)
if command -v clang >/dev/null 2>&1 && echo 'int LLVMFuzzerTestOneInput(const char *d, long n){(void)d;(void)n;return 0;}' |
        clang -fsanitize=fuzzer -x c - -o build/fuzz-probe 2>/dev/null; then
    CC=clang cmake -S . -B build/fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLK_FUZZ=ON \
        -DCMAKE_C_FLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all" > /dev/null
    cmake --build build/fuzz -j "$jobs" --target reader_fuzzer cells_fuzzer files_fuzzer quote_fuzzer indicators_fuzzer changes_fuzzer zones_fuzzer fetch_fuzzer
    for t in reader cells files quote indicators changes zones fetch; do
        mkdir -p "build/fuzz/corpus-$t"
        echo "fuzzing $t for ${LK_FUZZ_SECONDS:-20} s"
        "build/fuzz/fuzz/${t}_fuzzer" -max_total_time="${LK_FUZZ_SECONDS:-20}" -rss_limit_mb=2048 \
            "build/fuzz/corpus-$t" "fuzz/corpus/$t" > "build/fuzz/$t.log" 2>&1 ||
            { tail -n 40 "build/fuzz/$t.log"; echo "fuzzer $t failed"; exit 1; }
        tail -n 1 "build/fuzz/$t.log"
    done
else
    echo "clang with libFuzzer not available: fuzzing skipped (the corpora ran as tests)"
fi
