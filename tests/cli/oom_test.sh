#!/bin/sh
# Out of memory is an error, never a crash: every command run with each of its allocations
# failing in turn (an LD_PRELOAD injector, failalloc.c), and a wide file under `ulimit -v`.
# Each run either succeeds with the output of a normal run, or exits 5 with one message that
# says "out of memory"; never a signal, never a stray file in the output folder.
# Usage: oom_test.sh CASE LEVEKAR WORKDIR SOURCE_DIR [FAILALLOC.so]
set -u
case_name=$1 lk=$2 work=$3/$1 src=$4 shim=${5:-}
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1

fail() { echo "FAIL ($case_name): $*" >&2; exit 1; }

# Small fixtures: an SSB-style export (Latin-1, CRLF), counts for unemployment over three years,
# a file in old borders, grunnkretser and their zones.
printf '"10539: Registrerte arbeidsledige, etter region, alder, statistikkvariabel og \345r"\r\n\r\n' > ssb.csv
printf '"region";"alder";"Registrerte arbeidsledige 2023";"Registrerte arbeidsledige 2024"\r\n' >> ssb.csv
printf '"K-3301 Drammen";"15-74 \345r";2100;2250\r\n"3316 Modum";"60-74 \345r";:;12\r\n' >> ssb.csv
printf '"region";"alder";"\345r";"Personer";"Registrerte arbeidsledige"\n' > counts.csv
for y in 2022 2023 2024; do
    printf '"3301 Drammen";"15-74 \345r";"%s";70000;%s\n"3312 Lier";"15-74 \345r";"%s";20000;500\n' $y $((2000 + y - 2022)) $y >> counts.csv
    printf '"0 Hele landet";"15-74 \345r";"%s";4000000;84000\n' $y >> counts.csv
done
# the same counts in the shape of SSB 13563 (registered unemployment from 2021)
printf '"region";"prioritert arbeidsstyrkestatus";"alder";"\345r";"Bosatte"\n' > c13563.csv
for y in 2022 2023 2024; do
    printf '"K-3301 Drammen";"I alt";"15-74 \345r";"%s";70000\n"K-3301 Drammen";"Registrerte arbeidsledige";"15-74 \345r";"%s";%s\n' $y $y $((2000 + y - 2022)) >> c13563.csv
    printf '"K-3312 Lier";"I alt";"15-74 \345r";"%s";20000\n"K-3312 Lier";"Registrerte arbeidsledige";"15-74 \345r";"%s";500\n' $y $y >> c13563.csv
    printf '"0 Hele landet";"I alt";"15-74 \345r";"%s";4000000\n"0 Hele landet";"Registrerte arbeidsledige";"15-74 \345r";"%s";84000\n' $y $y >> c13563.csv
done
printf '"region";"\345r";"Registrerte arbeidsledige"\r\n"0602 Drammen";"2019";1000\r\n"0625 Nedre Eiker";"2019";500\r\n' > old.csv
printf '"3301 Drammen";"2024";1800\r\n"1507 \305lesund";"2021";900\r\n' >> old.csv
printf 'zone,name,member\nS1,Str\303\270ms\303\270,330101\n' > zones.csv
printf '"region";"\345r";"Personer"\n"33010101 A";"2024";100\n"33010102 B";"2024";50\n"33010201 C";"2024";25\n' > gk.csv
printf '"region";"alder";"\345r";"Personer";"Registrerte arbeidsledige"\n"33010101 A";"15-74 \345r";"2024";1000;60\n' > gku.csv
printf '"33010102 B";"15-74 \345r";"2024";500;20\n"3301 Drammen";"15-74 \345r";"2024";70000;2100\n' >> gku.csv
printf '"0 Hele landet";"15-74 \345r";"2024";4000000;84000\n' >> gku.csv
printf '"region";"prioritert arbeidsstyrkestatus";"alder";"\345r";"Bosatte"\n' > gk13563.csv
printf '"33010101 A";"I alt";"15-74 \345r";"2024";1000\n"33010101 A";"Registrerte arbeidsledige";"15-74 \345r";"2024";60\n' >> gk13563.csv
printf '"33010102 B";"I alt";"15-74 \345r";"2024";500\n"33010102 B";"Registrerte arbeidsledige";"15-74 \345r";"2024";20\n' >> gk13563.csv
printf '"3301 Drammen";"I alt";"15-74 \345r";"2024";70000\n"3301 Drammen";"Registrerte arbeidsledige";"15-74 \345r";"2024";2100\n' >> gk13563.csv

# A fetch cache as lib/fetch keeps it (CACHE/TABLE/KEY.body and KEY.json with the body's SHA-256,
# KEY the SHA-256 of "GET\nURL\n"): 07459's metadata and the two parts of a query split at 2 cells.
put_cache() { # URL BODY
    key=$(printf 'GET\n%s\n' "$1" | sha256sum | cut -d' ' -f1)
    printf '%s' "$2" > "cache/07459/$key.body"
    printf '{"url": "%s", "sha256": "%s"}' "$1" "$(printf '%s' "$2" | sha256sum | cut -d' ' -f1)" > "cache/07459/$key.json"
}
fetch_cache() {
    mkdir -p cache/07459
    b=http://127.0.0.1:9/x/tables/07459
    put_cache "$b/metadata?lang=no" '{"version":"2.0","class":"dataset","label":"07459: Befolkning","id":["Region","ContentsCode","Tid"],"size":[2,1,2],"dimension":{"Region":{"label":"region","category":{"index":{"0":0,"3301":1},"label":{"0":"Hele landet","3301":"Drammen"}},"extension":{"elimination":true}},"ContentsCode":{"label":"statistikkvariabel","category":{"index":{"Personer1":0},"label":{"Personer1":"Personer"}},"extension":{"elimination":false}},"Tid":{"label":"år","category":{"index":{"2023":0,"2024":1}},"extension":{"elimination":false}}},"role":{"geo":["Region"],"time":["Tid"],"metric":["ContentsCode"]}}'
    for r in 0:Hele\ landet 3301:Drammen; do
        put_cache "$b/data?lang=no&outputFormat=json-stat2&valueCodes[Region]=${r%%:*}&valueCodes[ContentsCode]=Personer1&valueCodes[Tid]=2023,2024" \
            "{\"class\":\"dataset\",\"id\":[\"Region\",\"ContentsCode\",\"Tid\"],\"size\":[1,1,2],\"dimension\":{\"Region\":{\"category\":{\"index\":{\"${r%%:*}\":0},\"label\":{\"${r%%:*}\":\"${r#*:}\"}}},\"ContentsCode\":{\"category\":{\"index\":{\"Personer1\":0},\"label\":{\"Personer1\":\"Personer\"}}},\"Tid\":{\"category\":{\"index\":{\"2023\":0,\"2024\":1}}}},\"value\":[100,${#r}]}"
    done
}

# check NAME OUT_FILE RC: the run just made (stdout in got.out, stderr in got.err, output folder
# out/) against the normal run's ref/NAME; OUT_FILE is the file -o names, or - for stdout.
# Shell built-ins only where a run fails: a thousand runs must take seconds.
check() {
    name=$1 file=$2 rc=$3 what="$1 with allocation $n failing"
    [ $rc -lt 128 ] || fail "$what: killed by signal $((rc - 128)): $(head -c 300 got.err)"
    lines=0 msg=""
    while IFS= read -r l || [ -n "$l" ]; do lines=$((lines + 1)) msg=$l; done < got.err
    left=""
    for f in out/*; do [ -e "$f" ] && left="$left${left:+ }${f#out/}"; done
    if [ $rc -eq 0 ]; then
        if [ "$file" = - ]; then
            cmp -s got.out "ref/$name" || fail "$what: exit 0 with other output than a normal run"
            [ -z "$left" ] || fail "$what: files in the output folder: $left"
        else
            cmp -s "out/$file" "ref/$name" || fail "$what: exit 0 with other output than a normal run"
            [ "$left" = "$file" ] || fail "$what: files in the output folder: $left"
            rm -f "out/$file"
        fi
        return
    fi
    [ -z "$left" ] || fail "$what: files left in the output folder: $left"
    [ $rc -eq 5 ] || fail "$what: exit $rc (expected 0 or 5): $(head -c 300 got.err)"
    case $msg in
    *"out of memory"*) ;;
    *) fail "$what: exit 5 without 'out of memory': '$(head -c 300 got.err)'" ;;
    esac
    [ "$lines" -eq 1 ] || fail "$what: expected one message: $(head -c 600 got.err)"
}

# inject NAME OUT_FILE ARGS...: a normal run, then one run per allocation, the N-th failing,
# until N passes the last allocation the command makes (that run must succeed).
inject() {
    name=$1 file=$2
    shift 2
    rm -rf out && mkdir out
    "$lk" "$@" > got.out 2> got.err || fail "$name: a normal run exits $?: $(cat got.err)"
    if [ "$file" = - ]; then mv got.out "ref/$name"; else mv "out/$file" "ref/$name"; fi
    n=1
    while :; do
        : > fa.txt
        LK_FAILALLOC_AT=$n LK_FAILALLOC_PERSIST=$persist LK_FAILALLOC_ONLY=$only LK_FAILALLOC_REPORT=fa.txt LD_PRELOAD=$shim \
            "$lk" "$@" > got.out 2> got.err
        rc=$?
        check "$name" "$file" $rc
        calls="" injected=""
        read -r calls injected < fa.txt
        [ -n "$calls" ] || fail "$name: the injector did not report (is the command linked dynamically?)"
        [ "$injected" = 1 ] || break
        n=$((n + 1))
        [ $n -le 5000 ] || fail "$name: more than 5000 allocations for a small fixture"
    done
    [ $rc -eq 0 ] || fail "$name: exit $rc with no allocation failing"
    points="$points $name=$((n - 1))"
}

case $case_name in
inject|inject_persist)
    # inject: the N-th allocation fails and later ones succeed (clean-up after a partial step);
    # inject_persist: memory stays gone from the N-th on (the message itself must need none).
    [ -n "$shim" ] && [ -f "$shim" ] || fail "no injector library"
    persist=0 only=all
    [ "$case_name" = inject_persist ] && persist=1
    printf 'oldCode;oldName;newCode;newName;changeOccurred\n3301;Drammen;3399;Drammen og Lier;2028-01-01\n' > klass.csv
    printf '[ledige]\nname.nb = Ledige\nnumerator = Registrerte\ndenominator = Personer\n' > own.def
    mkdir ref
    points=""
    # memory gone for good differs from one failure only in what follows it (clean-up, message):
    # a selection of the commands covers those paths
    full() { [ $persist = 0 ] && "$@"; return 0; }
    inject tidy tidy.csv tidy -o out/tidy.csv ssb.csv
    full inject tidy_libcsv tidy.csv tidy --reference-parser -o out/tidy.csv ssb.csv
    inject tidy_geography geo.csv tidy --geography 2024 -o out/geo.csv old.csv
    full inject tidy_zones zones.csv tidy --zones zones.csv -o out/zones.csv gk.csv
    full inject report_csv r.csv report --indicator unemployment --area 3301 --format csv -o out/r.csv c13563.csv
    full inject report_text r.txt report --indicator unemployment --area 3301 --format text -o out/r.txt c13563.csv
    inject report_all r.json report --numerator counts.csv:Registrerte --denominator counts.csv:Personer --all \
        --window 2 --format json -o out/r.json
    full inject report_own r.md report --indicators own.def --indicator ledige --geography 2024 --format md -o out/r.md counts.csv
    inject report_zones z.csv report --indicator unemployment --zones zones.csv --area S1 --format csv -o out/z.csv gk13563.csv
    full inject trend t.csv trend --indicator unemployment --all --format csv -o out/t.csv c13563.csv
    inject chart_script c.gp chart trend --indicator unemployment --area 3301 --script out/c.gp c13563.csv
    if command -v gnuplot > /dev/null 2>&1; then
        full inject chart_svg c.svg chart compare --indicator unemployment --all -o out/c.svg c13563.csv
    fi
    inject inspect - inspect ssb.csv
    full inject regions regions.csv regions --year 2024 -o out/regions.csv
    inject regions_klass k.csv regions --klass klass.csv --changes -o out/k.csv
    inject coverage cov.csv coverage --zones zones.csv -o out/cov.csv gk.csv
    inject profile_html p.html profile --area 3301 --indicator unemployment --indicator youth-nav --date 2026-12-04 \
        -o out/p.html c13563.csv
    full inject profile_json p.json profile --area 3301 --indicator unemployment --date 2026-12-04 -o out/p.json c13563.csv
    full inject profile_text p.txt profile --area S1 --zones zones.csv --indicator unemployment --date 2026-12-04 \
        -o out/p.txt gk13563.csv
    # fetch served from a cache written here (no network): metadata, two parts joined
    fetch_cache
    LEVEKAR_FETCH_MAX_CELLS=2 inject fetch_offline f.json fetch --offline --cache cache --api-base http://127.0.0.1:9/x \
        --table 07459 --select Region=0,Drammen --select Tid=2023,2024 --select ContentsCode=Personer1 -o out/f.json
    echo "allocations failed$( [ $persist = 1 ] && echo ' from the N-th on' || echo ' one at a time'):$points"
    # The huge arrays (lib/common/bigalloc.c: mmap from 2 MiB on) of cells, results and report
    # rows: 40,000 rows of 1,000 kommuner x 20 years, only the maps failing (years after 2024, so that
    # no code is one of older borders, which report would say on a line of its own).
    awk 'BEGIN { print "\"region\";\"\303\245r\";\"statistikkvariabel\";\"99999: Test\"";
        for (i = 0; i < 20000; i++) { r = sprintf("%04d Kommune", 9000 + int(i / 20));
            printf "\"%s\";\"%d\";\"Registrerte\";%d\n", r, 2030 + i % 20, i % 97;
            printf "\"%s\";\"%d\";\"Befolkning\";%d\n", r, 2030 + i % 20, 1000 + i % 89 } }' > big.csv
    points="" only=mmap
    inject report_big big.csv report --numerator big.csv:Registrerte --denominator big.csv:Befolkning --all \
        --format csv -o out/big.csv
    [ "$points" != " report_big=0" ] || fail "no huge array was mapped (the test of bigalloc.c tests nothing)"
    echo "maps failed$( [ $persist = 1 ] && echo ' from the N-th on' || echo ' one at a time'):$points"
    ;;
ulimit)
    # 10,000 columns: the reader's column set-up needs memory in proportion (this crashed in it).
    awk 'BEGIN { printf "region"; for (i = 0; i < 10000; i++) printf ";Personer %d %d", int(i / 200), 1900 + i % 200;
        print ""; printf "3301 Drammen"; for (i = 0; i < 10000; i++) printf ";%d", i; print "" }' > wide.csv
    "$lk" tidy -o ref.csv wide.csv || fail "a normal run exits $?"
    (ulimit -v 100000) 2>/dev/null || { echo "ulimit -v not available: skipped"; exit 77; }
    # From the smallest limit the command starts under, up to one it runs through under: each
    # run exits 5 with one message, until one gives the normal run's output.
    nomem=0 v=2000
    while [ $v -le 400000 ]; do
        rm -rf out && mkdir out
        if ! (ulimit -v $v && exec "$lk" version) > /dev/null 2>&1; then v=$((v + 1000)); continue; fi
        (ulimit -v $v && exec "$lk" tidy -o out/wide.csv wide.csv) > got.out 2> got.err
        rc=$?
        [ $rc -lt 128 ] || fail "ulimit -v $v: killed by signal $((rc - 128))"
        [ $rc -eq 0 ] && break
        [ $rc -eq 5 ] || fail "ulimit -v $v: exit $rc (expected 0 or 5): $(head -c 300 got.err)"
        grep -q 'out of memory' got.err && [ "$(grep -c . got.err)" -eq 1 ] || fail "ulimit -v $v: message '$(cat got.err)'"
        [ -z "$(ls -A out)" ] || fail "ulimit -v $v: files left in the output folder: $(ls -A out)"
        nomem=$((nomem + 1))
        v=$((v + 1000))
    done
    [ $rc -eq 0 ] || fail "no limit up to $v KiB was enough"
    cmp -s out/wide.csv ref.csv || fail "ulimit -v $v: exit 0 with other output than a normal run"
    [ "$(ls -A out)" = wide.csv ] || fail "ulimit -v $v: files in the output folder: $(ls -A out)"
    [ $nomem -gt 0 ] || fail "no limit ran out of memory (the test tests nothing)"
    echo "ulimit -v: $nomem limits (1000 KiB apart) ran out of memory, $v KiB was enough"
    ;;
*)
    fail "unknown case"
    ;;
esac
echo "ok ($case_name)"
