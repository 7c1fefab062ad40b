#!/bin/sh
# levekar fetch against a replay of SSB's PxWebApi v2 (server.py) on 127.0.0.1: the requests
# sent, the split, the throttle, 429, the cache and its provenance, resume, every failure class
# with its exit code and no partial file, and fetched data reported like the same data exported.
# No internet: the live case runs only with LEVEKAR_LIVE=1. Usage: fetch_test.sh CASE LEVEKAR WORKDIR SOURCE_DIR
set -u
case_name=$1 lk=$2 work=$3/$1 src=$4
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
fail() { echo "FAIL (fetch_$case_name): $*" >&2; exit 1; }
command -v python3 > /dev/null || { echo "no python3: skipped"; exit 77; }

srv_pid=
start_server() { # [MAX_CELLS]
    python3 "$src/tests/fetch/server.py" port log ${1:-800000} &
    srv_pid=$!
    i=0
    while [ ! -s port ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
    [ -s port ] || fail "the replay server did not start"
    api="http://127.0.0.1:$(cat port)"
}
trap '[ -n "$srv_pid" ] && kill "$srv_pid" 2>/dev/null' EXIT
# Unless a case says otherwise, a throttle that does not slow the tests down.
export LEVEKAR_FETCH_RATE=1000/1
unset LEVEKAR_SSB_API LEVEKAR_FHI_API LEVEKAR_FETCH_MAX_CELLS LEVEKAR_FETCH_MAX_URL
# libcurl honours proxies from the environment: none here, so each failure is what it seems
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
export NO_PROXY='*' no_proxy='*'
export XDG_CACHE_HOME="$work/xdg"

q07459="--table 07459 --select Region=3301,Buskerud,0 --select alder=0* --select Tid=from(2019) --select statistikkvariabel=Personer"
# requests of the log as "METHOD PATH?QUERY" (or "METHOD PATH BODY")
requests() { python3 -c '
import json, signal, sys
signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # grep -q may stop reading early
for line in open(sys.argv[1]):
    r = json.loads(line)
    print(r["method"], r["path"] + ("?" + r["query"] if r["query"] else "") + ((" " + r["body"]) if r["body"] else ""))' log; }

case $case_name in
query)
    # Metadata first, then one GET with the codes the metadata gave for the texts asked
    # (Buskerud -> 33, Personer -> Personer1, 0* and from(2019) expanded), in the table's order.
    start_server
    "$lk" fetch --api-base "$api/ok" $q07459 -o a.json 2>err.txt || fail "exit $?: $(cat err.txt)"
    requests > got.txt
    printf '%s\n' 'GET /ok/tables/07459/metadata?lang=no' \
        'GET /ok/tables/07459/data?lang=no&outputFormat=json-stat2&valueCodes[Region]=0,33,3301&valueCodes[Alder]=015,016,017,018,019,020-024,025-074,075+&valueCodes[ContentsCode]=Personer1&valueCodes[Tid]=2019,2020' > want.txt
    diff -u want.txt got.txt || fail "requests sent"
    # 3 regions x 8 ages x 1 x 2 years = 48 cells
    grep -q '^levekar fetch: 07459: 48 cells in 1 part (0 from the cache), updated 2026-02-25T07:00:00Z, sha256 [0-9a-f]\{64\} -> a.json$' err.txt || fail "summary: $(cat err.txt)"
    # the cache: XDG_CACHE_HOME/levekar, each body with its provenance, its SHA-256 right
    body=$(ls xdg/levekar/07459/*.body | while read -r b; do grep -l '/data?' "${b%.body}.json" > /dev/null && echo "$b"; done | head -n 1)
    prov=${body%.body}.json
    cmp -s "$body" a.json || fail "the cached body is not the answer"
    sum=$(sha256sum "$body" | cut -d' ' -f1)
    grep -q "\"sha256\": \"$sum\"" "$prov" || fail "provenance sha256: $(cat "$prov")"
    grep -q '"url": "http://127.0.0.1:[0-9]*/ok/tables/07459/data?lang=no&outputFormat=json-stat2&valueCodes\[Region\]=0,33,3301' "$prov" || fail "provenance url"
    grep -q '"last_modified": "Wed, 25 Feb 2026 07:00:00 GMT"' "$prov" && grep -q '"updated": "2026-02-25T07:00:00Z"' "$prov" &&
        grep -q '"date": "20[0-9-]*T[0-9:]*Z"' "$prov" && grep -q '"method": "GET"' "$prov" || fail "provenance: $(cat "$prov")"
    # a repeat: from the cache, nothing asked
    n=$(wc -l < log)
    "$lk" fetch --api-base "$api/ok" $q07459 -o b.json 2>err.txt || fail "repeat exit $?"
    [ "$(wc -l < log)" -eq "$n" ] || fail "a repeat asked the API: $(tail -n 2 log)"
    grep -q '(1 from the cache)' err.txt && cmp -s a.json b.json || fail "repeat: $(cat err.txt)"
    "$lk" fetch --offline --api-base "$api/ok" $q07459 -o c.json 2>/dev/null && cmp -s a.json c.json || fail "offline from the cache"
    # --refresh asks again (metadata and data)
    "$lk" fetch --refresh --api-base "$api/ok" $q07459 -o d.json 2>/dev/null || fail "refresh exit $?"
    [ "$(wc -l < log)" -eq $((n + 2)) ] || fail "refresh did not ask again"
    # --cache DIR, and the environment's API base
    LEVEKAR_SSB_API="$api/ok" "$lk" fetch --cache own $q07459 -o e.json 2>/dev/null || fail "LEVEKAR_SSB_API exit $?"
    [ -n "$(ls own/07459/*.body)" ] && cmp -s a.json e.json || fail "--cache DIR"
    # POST for a long selection: the same selection as a VariablesSelection body
    LEVEKAR_FETCH_MAX_URL=100 "$lk" fetch --cache post --api-base "$api/ok" $q07459 -o p.json 2>/dev/null || fail "POST exit $?"
    tail -n 1 log > last.json
    grep -q '"method": "POST", "path": "/ok/tables/07459/data", "query": "lang=no&outputFormat=json-stat2", "body": "{\\"selection\\": \[{\\"variableCode\\": \\"Region\\", \\"valueCodes\\": \[\\"0\\", \\"33\\", \\"3301\\"\]}' last.json ||
        grep -q '"method": "POST", "path": "/ok/tables/07459/data", "query": "lang=no&outputFormat=json-stat2", "body": "{\\"selection\\":\[{\\"variableCode\\":\\"Region\\",\\"valueCodes\\":\[\\"0\\",\\"33\\",\\"3301\\"\]}' last.json || fail "POST request: $(cat last.json)"
    cmp -s a.json p.json || fail "POST answer differs from GET's"
    # a codelist: the metadata asked with it (the variable named by its text), the data too
    : > log
    "$lk" fetch --cache cl --api-base "$api/ok" --table 07459 --codelist region=agg_KommSummer --select region=K-3301,Buskerud,0 \
        --select Tid=2020 --select ContentsCode=Personer1 -o cl.json 2>err.txt || fail "codelist exit $?: $(cat err.txt)"
    requests > got.txt
    printf '%s\n' 'GET /ok/tables/07459/metadata?lang=no' 'GET /ok/tables/07459/metadata?lang=no&codelist[Region]=agg_KommSummer' \
        'GET /ok/tables/07459/data?lang=no&outputFormat=json-stat2&valueCodes[Region]=0,F-33,K-3301&codelist[Region]=agg_KommSummer&valueCodes[ContentsCode]=Personer1&valueCodes[Tid]=2020' > want.txt
    diff -u want.txt got.txt || fail "codelist requests"
    grep -q '"K-3301": *2' cl.json || fail "codelist answer: $(head -c 300 cl.json)"
    # a damaged cache entry (its body no longer gives the recorded SHA-256) is fetched again
    printf 'x' >> "$body"
    n=$(wc -l < log)
    "$lk" fetch --api-base "$api/ok" $q07459 -o f.json 2>/dev/null && cmp -s a.json f.json || fail "damaged cache entry"
    [ "$(wc -l < log)" -eq $((n + 1)) ] && cmp -s a.json "$body" || fail "the damaged entry was not fetched again"
    # a cache that cannot be written: exit 3, no file
    "$lk" fetch --cache /dev/null/cache --api-base "$api/ok" $q07459 -o g.json 2>err.txt; [ $? -eq 3 ] || fail "unwritable cache exit $?"
    grep -q '^levekar fetch: /dev/null/cache/07459: cannot make the cache folder: Not a directory (expected a writable --cache folder)$' err.txt || fail "message: $(cat err.txt)"
    [ ! -e g.json ] || fail "a file without a cache"
    ;;
split)
    # The server refuses more than 10 cells ("Too many cells selected"); the client splits the
    # 48 cells into parts of at most 10: Alder (8 values, the largest) by 10 / (3 x 2) = 1 a part.
    start_server 10
    "$lk" fetch --api-base "$api/ok" $q07459 -o big.json 2>err.txt; [ $? -eq 9 ] || fail "over the limit must exit 9"
    grep -q 'HTTP 400: Too many cells selected' err.txt || fail "message: $(cat err.txt)"
    [ ! -e big.json ] || fail "partial file"
    : > log
    LEVEKAR_FETCH_MAX_CELLS=10 "$lk" fetch --api-base "$api/ok" $q07459 -o split.json 2>err.txt || fail "split exit $?: $(cat err.txt)"
    grep -q '48 cells in 8 parts' err.txt || fail "parts: $(cat err.txt)"
    python3 - <<'EOF' || fail "split requests"
import json
n = 0
for line in open("log"):
    r = json.loads(line)
    if r["path"].endswith("/data") and "Alder]=0" in r["query"] and r["query"].count("valueCodes[Alder]=") == 1:
        cells = 1
        for kv in r["query"].split("&"):
            if kv.startswith("valueCodes["):
                cells *= len(kv.split("=", 1)[1].split(","))
        assert cells <= 10, r["query"]
        n += 1
assert n == 8, n
EOF
    # SSB's CSV split the same way: one header, the parts' rows after it (the measure never split:
    # it heads the value column), 3 regions x 8 ages x 2 years = 48 rows
    LEVEKAR_FETCH_MAX_CELLS=10 "$lk" fetch --cache csv --format csv --api-base "$api/ok" $q07459 -o split.csv 2>err.txt || fail "csv split exit $?: $(cat err.txt)"
    grep -q '48 cells in 8 parts' err.txt || fail "csv parts: $(cat err.txt)"
    [ "$(head -n 1 split.csv | tr -d '\r')" = '"region";"alder";"år";"Personer"' ] || [ "$(head -n 1 split.csv | tr -d '\r' | iconv -f latin1 -t utf-8)" = '"region";"alder";"år";"Personer"' ] || fail "csv header: $(head -n 1 split.csv)"
    [ "$(wc -l < split.csv)" -eq 49 ] && [ "$(grep -c region split.csv)" -eq 1 ] || fail "csv rows: $(cat split.csv)"
    grep -q 'outputFormat=csv&outputFormatParams=SeparatorSemicolon,UseTexts&valueCodes\[Region\]=0,33,3301&valueCodes\[Alder\]=015&valueCodes\[ContentsCode\]=Personer1&valueCodes\[Tid\]=2019,2020&stub=Region,Alder,Tid&heading=ContentsCode"' log || fail "csv request: $(grep csv log | head -n 1)"
    # joined, the parts give the cube asked in one piece from a server without the limit
    kill "$srv_pid"; rm -f port; start_server
    "$lk" fetch --cache one --api-base "$api/ok" $q07459 -o whole.json 2>/dev/null || fail "whole exit $?"
    python3 - <<'EOF' || fail "the joined parts differ from the whole"
import json
a, b = json.load(open("split.json")), json.load(open("whole.json"))
for k in ("id", "size", "value"):
    assert a[k] == b[k], k
for d in a["id"]:
    assert a["dimension"][d]["category"]["index"] == b["dimension"][d]["category"]["index"], d
    assert a["dimension"][d]["category"]["label"] == b["dimension"][d]["category"]["label"], d
assert a.get("status", {}) == b.get("status", {})
EOF
    ;;
throttle)
    # 3 calls per 0.5 s: the metadata and 4 parts (Tid split: 2 values of 2, Region ... see below)
    # start no more than 3 in any half second, so the 5 calls take at least 0.5 s.
    start_server
    LEVEKAR_FETCH_RATE=3/0.5 LEVEKAR_FETCH_MAX_CELLS=12 "$lk" fetch --api-base "$api/ok" $q07459 -o t.json 2>err.txt || fail "exit $?"
    grep -q '48 cells in 4 parts' err.txt || fail "parts: $(cat err.txt)"
    python3 - <<'EOF' || fail "throttle"
import json
t = sorted(json.loads(l)["t"] for l in open("log"))
assert len(t) == 5, t
for i in range(len(t) - 3):
    assert t[i + 3] - t[i] >= 0.45, t  # a 4th call only after the window of the 1st
EOF
    # 429 with Retry-After: 1: waited, asked again, answered
    : > log
    start=$(date +%s.%N)
    "$lk" fetch --cache r --api-base "$api/r429" $q07459 -o r.json 2>err.txt || fail "429 exit $?: $(cat err.txt)"
    end=$(date +%s.%N)
    [ "$(grep -c '/data' log)" -eq 2 ] || fail "429 not asked again: $(cat log)"
    python3 -c "import sys; sys.exit(0 if $end - $start >= 0.95 else 1)" || fail "Retry-After not waited"
    [ -s r.json ] || fail "no answer after 429"
    # a Retry-After longer than the longest wait (300 s): an error at once, no file
    "$lk" fetch --cache rl --api-base "$api/r429long" $q07459 -o rl.json 2>err.txt; [ $? -eq 9 ] || fail "long Retry-After exit $?"
    grep -q 'HTTP 429, Retry-After 3600 (expected a wait of at most 300 s; try again later)$' err.txt || fail "message: $(cat err.txt)"
    [ ! -e rl.json ] || fail "partial file"
    ;;
failures)
    # One message with the URL, a distinct exit code per class, no file.
    start_server
    check() { # CODE MESSAGE-PATTERN ARGS...
        want=$1 pat=$2; shift 2
        rm -f x.json
        "$lk" fetch --cache "c$want" "$@" -o x.json 2>err.txt; got=$?
        [ "$got" -eq "$want" ] || fail "$*: exit $got (expected $want): $(cat err.txt)"
        [ "$(wc -l < err.txt)" -eq 1 ] || fail "$*: not one message: $(cat err.txt)"
        grep -q "$pat" err.txt || fail "$*: message: $(cat err.txt)"
        [ ! -e x.json ] && [ -z "$(ls -A . | grep 'x\.json\.')" ] || fail "$*: partial file"
    }
    sel="--table 07459 --select Region=3301 --select Tid=2020 --select ContentsCode=Personer1"
    check 6 "^levekar fetch: http://127.0.0.1:1/tables/07459/metadata?lang=no: cannot reach the API: " --api-base http://127.0.0.1:1 $sel
    check 7 "^levekar fetch: http://nosuch.invalid/tables/07459/metadata?lang=no: the host name does not resolve: " --timeout 20 --api-base http://nosuch.invalid $sel
    check 8 "^levekar fetch: $api/slow/tables/07459/metadata?lang=no: no complete answer within 1 s: " --timeout 1 --api-base "$api/slow" $sel
    check 9 "^levekar fetch: $api/e400/tables/07459/data?lang=no&outputFormat=json-stat2&valueCodes\[Region\]=3301&valueCodes\[ContentsCode\]=Personer1&valueCodes\[Tid\]=2020: HTTP 400: Non-existent value (expected a query the API accepts)$" --api-base "$api/e400" $sel
    check 10 "^levekar fetch: $api/e500/tables/07459/data?.*: HTTP 500 with an empty body (expected an answer; the API says this for a value code given twice" --api-base "$api/e500" $sel
    check 11 "^levekar fetch: $api/trunc/tables/07459/data?.*: the answer was cut off after [0-9]* bytes: " --api-base "$api/trunc" $sel
    check 11 "^levekar fetch: $api/badjson/tables/07459/data?.*: the answer is not whole JSON: " --api-base "$api/badjson" $sel
    check 12 "^levekar fetch: $api/ok/tables/99999/metadata?lang=no: HTTP 404: Non-existent table (expected a table id that exists" --api-base "$api/ok" --table 99999 --select Region=3301
    # a query the metadata refuses: said before any data is asked
    n=$(wc -l < log)
    check 2 "^levekar fetch: table 07459 has no variable 'Fylke' (expected one of Region (region), Kjonn (kjønn), Alder (alder), ContentsCode (statistikkvariabel), Tid (år))$" --api-base "$api/ok" $sel --select Fylke=33
    check 2 "^levekar fetch: table 07459: Region (region) has no value '9999' (expected a code or text such as 0 Hele landet, 33 Buskerud, 3301 Drammen, 3303 Kongsberg, 3305 Ringerike, 3005 Drammen (2020-2023) ...)$" --api-base "$api/ok" --table 07459 --select Region=9999 --select Tid=2020 --select ContentsCode=Personer1
    check 2 "^levekar fetch: table 07459: Tid (år) must be selected (expected --select Tid=CODES; the API refuses a query without it)$" --api-base "$api/ok" --table 07459 --select Region=3301 --select ContentsCode=Personer1
    [ "$(grep -c '/data' log)" -eq "$(head -n "$n" log | grep -c '/data')" ] || fail "a refused query was sent"
    # the failures kept nothing in the cache but metadata
    [ -z "$(grep -l '/data?' c9/07459/*.json c10/07459/*.json c11/07459/*.json 2>/dev/null)" ] || fail "a failed answer was cached"
    ;;
resume)
    # Three parts (18 cells: 3 ages x 3 regions x 2 years); the second fails (500) the first time. The run fails with no file; the next
    # asks only for the parts not in the cache.
    start_server
    LEVEKAR_FETCH_MAX_CELLS=18 "$lk" fetch --api-base "$api/flaky2" $q07459 -o r.json 2>err.txt; [ $? -eq 10 ] || fail "exit $?: $(cat err.txt)"
    [ ! -e r.json ] || fail "partial file"
    [ "$(grep -c '/data' log)" -eq 2 ] || fail "calls after the failure: $(cat log)"
    : > log
    LEVEKAR_FETCH_MAX_CELLS=18 "$lk" fetch --api-base "$api/flaky2" $q07459 -o r.json 2>err.txt || fail "resume exit $?: $(cat err.txt)"
    grep -q '48 cells in 3 parts (1 from the cache)' err.txt || fail "resume: $(cat err.txt)"
    [ "$(grep -c '/data' log)" -eq 2 ] && ! grep -q metadata log || fail "resume asked: $(cat log)"
    ;;
report)
    # Everything unemployment needs up to 2020 (10539 and 07459), fetched; then report on the
    # answers equals report on the same selections exported as PxWeb CSV files.
    start_server
    "$lk" fetch --api-base "$api/ok" --indicator unemployment --region 3301 --years 2016-2020 -o data 2>err.txt || fail "exit $?: $(cat err.txt)"
    [ -s data/10539.json ] && [ -s data/07459.json ] || fail "files: $(ls data)"
    requests > got.txt
    # 10539: 3301 with its fylke and landet, both age bands overlapping 15-74, the count (not the
    # percent), the November months; 07459: Kjonn eliminated, the ages overlapping 15-74
    grep -qx 'GET /ok/tables/10539/data?lang=no&outputFormat=json-stat2&valueCodes\[Region\]=0,33,3301&valueCodes\[Alder\]=15-74,15-24&valueCodes\[ContentsCode\]=RegHeltLedige&valueCodes\[Tid\]=2016M11,2017M11,2018M11,2019M11,2020M11' got.txt || fail "10539 request: $(cat got.txt)"
    grep -qx 'GET /ok/tables/07459/data?lang=no&outputFormat=json-stat2&valueCodes\[Region\]=0,33,3301&valueCodes\[Alder\]=015,016,017,018,019,020-024,025-074&valueCodes\[ContentsCode\]=Personer1&valueCodes\[Tid\]=2016,2017,2018,2019,2020' got.txt || fail "07459 request: $(cat got.txt)"
    python3 "$src/tests/fetch/server.py" --export-csv 10539 Region=0,33,3301 Alder=15-74,15-24 ContentsCode=RegHeltLedige \
        Tid=2016M11,2017M11,2018M11,2019M11,2020M11 > 10539.csv
    python3 "$src/tests/fetch/server.py" --export-csv 07459 Region=0,33,3301 Alder=015,016,017,018,019,020-024,025-074 \
        ContentsCode=Personer1 Tid=2016,2017,2018,2019,2020 > 07459.csv
    "$lk" report --indicator unemployment --area 3301 --format csv data/10539.json data/07459.json > fetched.csv || fail "report on fetched exit $?"
    "$lk" report --indicator unemployment --area 3301 --format csv 10539.csv 07459.csv > exported.csv || fail "report on exports exit $?"
    diff -u exported.csv fetched.csv || fail "fetched and exported data report differently"
    # Drammen 2020: 10539 15-74 år for 3301 (position 2) in 2020M11 (position 9): 10*3 + 0 + 9%7 = 32;
    # 07459 both sexes, ages 15-74 (positions 0-6), 2020 (position 4):
    # sum over a=0..6, k=0,1 of 1000*3 + 37a + 11k + 12 + 1 = 14*3013 + 2*37*21 + 7*11 = 42182 + 1554 + 77 = 43813
    grep -q '^unemployment,2020,3301,Drammen,kommune,32,43813,' fetched.csv || fail "Drammen 2020: $(grep '^unemployment,2020,3301' fetched.csv)"
    # the same through SSB's CSV
    "$lk" fetch --cache csvc --format csv --api-base "$api/ok" --indicator unemployment --region 3301 --years 2016-2020 -o csvdata 2>err.txt || fail "csv exit $?: $(cat err.txt)"
    "$lk" report --indicator unemployment --area 3301 --format csv csvdata/10539.csv csvdata/07459.csv > fetched_csv.csv || fail "report on fetched CSV exit $?"
    diff -u exported.csv fetched_csv.csv || fail "fetched CSV reports differently"
    ;;
report_13563)
    # From 2021 the indicator's further definition takes 13563: its where clauses pick the
    # statuses (A.09 and TOT by code) and the immigrant category (A-G); Alder 15-74 overlaps.
    start_server
    "$lk" fetch --api-base "$api/ok" --indicator unemployment --region 3301 --years 2021-2022 -o data 2>err.txt || fail "exit $?: $(cat err.txt)"
    [ "$(ls data)" = 13563.json ] || fail "files: $(ls data) (expected only 13563 for 2021-2022)"
    requests | grep -qx 'GET /ok/tables/13563/data?lang=no&outputFormat=json-stat2&valueCodes\[Region\]=0,33,3301&valueCodes\[HovArbStyrkStatus\]=TOT,A.09&valueCodes\[Alder\]=15-74&valueCodes\[InnvandrKat\]=A-G&valueCodes\[ContentsCode\]=Bosatte&valueCodes\[Tid\]=2021,2022' ||
        fail "13563 request: $(requests)"
    python3 "$src/tests/fetch/server.py" --export-csv 13563 Region=0,33,3301 HovArbStyrkStatus=TOT,A.09 Alder=15-74 InnvandrKat=A-G \
        ContentsCode=Bosatte Tid=2021,2022 > 13563.csv
    "$lk" report --indicator unemployment --area 3301 --format csv data/13563.json > fetched.csv || fail "report exit $?"
    "$lk" report --indicator unemployment --area 3301 --format csv 13563.csv > exported.csv || fail "report on the export exit $?"
    diff -u exported.csv fetched.csv || fail "fetched and exported 13563 report differently"
    # Drammen (r=2) 2022 (t=1), 15-74 (a=0), I alt (i=0): A.09 300*3 + 1 = 901 of TOT 5000*3 + 1 = 15001
    grep -q '^unemployment,2022,3301,Drammen,kommune,901,15001,' fetched.csv || fail "Drammen 2022: $(grep '^unemployment,2022,3301' fetched.csv)"
    ;;
geography)
    # --geography 2024: Drammen's codes of each year are fetched too (0602, 0625, 0711 and fylke 06
    # up to 2019; 3005 and fylke 30 in 2020-2023), with today's 3301, 33 and landet.
    start_server
    "$lk" fetch --api-base "$api/ok" --indicator unemployment --region 3301 --years 2016-2020 --geography 2024 -o data 2>err.txt || fail "exit $?: $(cat err.txt)"
    requests | grep -qx 'GET /ok/tables/07459/data?lang=no&outputFormat=json-stat2&valueCodes\[Region\]=0,33,3301,3005,0602,0625,0711,06,30&valueCodes\[Alder\]=015,016,017,018,019,020-024,025-074&valueCodes\[ContentsCode\]=Personer1&valueCodes\[Tid\]=2016,2017,2018,2019,2020' ||
        fail "07459 request: $(requests | grep 07459/data)"
    # --all: every region the table has
    "$lk" fetch --cache all --api-base "$api/ok" --indicator unemployment --all --years 2020 -o all 2>err.txt || fail "--all exit $?: $(cat err.txt)"
    requests | grep -q 'GET /ok/tables/10539/data?lang=no&outputFormat=json-stat2&valueCodes\[Region\]=0,33,3301,3303,3305,3005,0602,0625,0711,06,30&' || fail "--all: $(requests | tail -n 3)"
    ;;
report_fetch)
    # report --fetch: the same fetch on the fly (into the cache and a private folder, removed
    # after), the same report as on the exported files.
    start_server
    mkdir tmp
    python3 "$src/tests/fetch/server.py" --export-csv 10539 Region=0,33,3301 Alder=15-74,15-24 ContentsCode=RegHeltLedige \
        Tid=2016M11,2017M11,2018M11,2019M11,2020M11 > 10539.csv
    python3 "$src/tests/fetch/server.py" --export-csv 07459 Region=0,33,3301 Alder=015,016,017,018,019,020-024,025-074 \
        ContentsCode=Personer1 Tid=2016,2017,2018,2019,2020 > 07459.csv
    python3 "$src/tests/fetch/server.py" --export-csv 13563 Region=0,33,3301 HovArbStyrkStatus=TOT,A.09 Alder=15-74 InnvandrKat=A-G \
        ContentsCode=Bosatte Tid=2021,2022 > 13563.csv
    # every year: 10539 and 07459 up to 2020, 13563 from 2021
    "$lk" report --indicator unemployment --area 3301 --format csv 10539.csv 07459.csv 13563.csv > exported.csv || fail "report on exports exit $?"
    TMPDIR="$work/tmp" LEVEKAR_SSB_API="$api/ok" "$lk" report --fetch --indicator unemployment --area 3301 --format csv > fetched.csv 2>err.txt ||
        fail "report --fetch exit $?: $(cat err.txt)"
    diff -u exported.csv fetched.csv || fail "report --fetch differs from the report on the exports"
    grep -q '^levekar fetch: 10539: 30 cells in 1 part (0 from the cache), updated 2021-01-05T07:00:00Z, sha256 ' err.txt || fail "provenance lines: $(cat err.txt)"
    [ -z "$(ls -A tmp)" ] || fail "the private folder is left: $(ls -R tmp)"
    # again: from the cache, nothing asked
    n=$(wc -l < log)
    TMPDIR="$work/tmp" LEVEKAR_SSB_API="$api/ok" "$lk" report --fetch --indicator unemployment --area 3301 --format csv > again.csv 2>/dev/null || fail "again exit $?"
    [ "$(wc -l < log)" -eq "$n" ] && cmp -s fetched.csv again.csv || fail "the repeat was not served from the cache"
    # a failure of the fetch: its exit code, no report
    LEVEKAR_SSB_API="$api/e500" "$lk" report --fetch --indicator unemployment --area 3301 --format csv -o r.csv 2>err.txt; [ $? -eq 10 ] || fail "report --fetch on a 500 exit $?"
    [ ! -e r.csv ] || fail "a report was written"
    ;;
kostra)
    # social-assistance-population: "KOSTRA 12210 (to 2021) or 14019 (2022 on) ... with 07459". The
    # replay has no 12210 (skipped with a warning); 14019's region variable is KOKkommuneregion0000,
    # where the fylke is EKA33 and landet EAK; 07459 with Alder eliminated (the definition has no ages).
    start_server
    "$lk" fetch --api-base "$api/ok" --indicator social-assistance-population --region 3301 --years 2019-2020 -o data 2>err.txt ||
        fail "exit $?: $(cat err.txt)"
    grep -q "^levekar fetch: warning: $api/ok/tables/12210/metadata?lang=no: HTTP 404: Non-existent table (expected a table id that exists; Statistikkbanken shows each table's); table 12210 not fetched$" err.txt ||
        fail "warning: $(cat err.txt)"
    [ "$(ls data | tr '\n' ' ')" = "07459.json 14019.json " ] || fail "files: $(ls data)"
    requests | grep -qx 'GET /ok/tables/14019/data?lang=no&outputFormat=json-stat2&valueCodes\[KOKkommuneregion0000\]=EAK,EKA33,3301&valueCodes\[ContentsCode\]=KOSsosantkliente0000&valueCodes\[Tid\]=2019,2020' ||
        fail "14019 request: $(requests | grep 14019/data)"
    requests | grep -qx 'GET /ok/tables/07459/data?lang=no&outputFormat=json-stat2&valueCodes\[Region\]=0,33,3301&valueCodes\[ContentsCode\]=Personer1&valueCodes\[Tid\]=2019,2020' ||
        fail "07459 request: $(requests | grep 07459/data)"
    python3 "$src/tests/fetch/server.py" --export-csv 14019 KOKkommuneregion0000=EAK,EKA33,3301 ContentsCode=KOSsosantkliente0000 Tid=2019,2020 > 14019.csv
    python3 "$src/tests/fetch/server.py" --export-csv 07459 Region=0,33,3301 ContentsCode=Personer1 Tid=2019,2020 > 07459.csv
    "$lk" report --indicator social-assistance-population --area 3301 --format csv data/14019.json data/07459.json > fetched.csv || fail "report exit $?"
    "$lk" report --indicator social-assistance-population --area 3301 --format csv 14019.csv 07459.csv > exported.csv || fail "report on exports exit $?"
    diff -u exported.csv fetched.csv || fail "fetched and exported KOSTRA report differently"
    # Drammen 2020 (t=1): 2000 + 1 recipients
    grep -q '^social-assistance-population,2020,3301,Drammen,kommune,2001,' fetched.csv || fail "Drammen 2020: $(cat fetched.csv)"
    # years no table has: each said, nothing fetched, exit 2
    "$lk" fetch --cache none-cache --api-base "$api/ok" --indicator social-assistance-population --region 3301 --years 2030-2031 -o none 2>err.txt
    [ $? -eq 2 ] || fail "no years: exit $?"
    grep -q '^levekar fetch: note: table 14019 has no period in 2030-2031 (it has 2019 to 2020); not fetched$' err.txt &&
        grep -q '^levekar fetch: nothing fetched for social-assistance-population (expected a table of its definitions with periods in the years asked)$' err.txt || fail "messages: $(cat err.txt)"
    [ -z "$(ls none 2>/dev/null)" ] || fail "files: $(ls none)"
    ;;
fhi)
    # FHI Statistikk's Open API: the dimension list is the metadata (codes by text: Buskerud,
    # antall), the data a POST with one item filter per dimension; the answer reads as JSON-stat.
    start_server
    LEVEKAR_FHI_API="$api/ok" "$lk" fetch --fhi nokkel --table 795 --select GEO=3301,Buskerud,0 --select AAR='*' \
        --select KJONN=0 --select ALDER=0_120 --select Måltall=antall -o f.json 2>err.txt || fail "exit $?: $(cat err.txt)"
    requests > got.txt
    printf '%s\n' 'GET /ok/nokkel/Table/795/dimension' \
        'POST /ok/nokkel/Table/795/data {"dimensions":[{"code":"GEO","filter":"item","values":["0","33","3301"]},{"code":"AAR","filter":"item","values":["2020_2020","2021_2021"]},{"code":"KJONN","filter":"item","values":["0"]},{"code":"ALDER","filter":"item","values":["0_120"]},{"code":"MEASURE_TYPE","filter":"item","values":["TELLER"]}],"response":{"format":"json-stat2"}}' > want.txt
    diff -u want.txt got.txt || fail "FHI requests"
    [ -n "$(ls xdg/levekar/fhi-nokkel-795/*.body)" ] || fail "FHI cache folder"
    "$lk" tidy -o t.csv f.json 2>err.txt || fail "tidy of the FHI answer exit $?: $(cat err.txt)"
    # Drammen (position 2 of the flattened GEO) 2021 (a=1): 100*(4-2) + 10 = 210; FHI's JSON-stat
    # names no table, so that column stays empty
    grep -q '^,3301,Drammen,kommune,2021,antall,Kjønn=kjønn samlet; Alder=alle aldre,,210,$' t.csv || fail "Drammen 2021: $(cat t.csv)"
    [ "$(wc -l < t.csv)" -eq 7 ] || fail "rows: $(cat t.csv)"
    LEVEKAR_FHI_API="$api/ok" "$lk" fetch --fhi nokkel --table 999 --select GEO=0 -o g.json 2>err.txt; [ $? -eq 12 ] || fail "unknown FHI table: exit $?"
    grep -q "^levekar fetch: $api/ok/nokkel/Table/999/dimension: HTTP 404 (expected a table id that exists; FHI's GET {source}/table lists them)$" err.txt || fail "message: $(cat err.txt)"
    ;;
valgrind)
    # No memory errors or leaks in a split fetch, the same from the cache, a failure, report --fetch.
    [ -n "${LK_VALGRIND:-}" ] || { echo "no valgrind: skipped"; exit 77; }
    vg="$LK_VALGRIND --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect"
    start_server
    for i in 1 2; do
        LEVEKAR_FETCH_MAX_CELLS=10 $vg "$lk" fetch --api-base "$api/ok" $q07459 -o v.json 2>err.txt || fail "run $i exit $?: $(cat err.txt)"
    done
    $vg "$lk" fetch --cache e --api-base "$api/e500" $q07459 -o e.json 2>err.txt; [ $? -eq 10 ] || fail "500 exit $?: $(cat err.txt)"
    TMPDIR="$work" LEVEKAR_SSB_API="$api/ok" $vg "$lk" report --fetch --indicator unemployment --area 3301 --format csv > r.csv 2>err.txt ||
        fail "report --fetch exit $?: $(cat err.txt)"
    LEVEKAR_FHI_API="$api/ok" $vg "$lk" fetch --fhi nokkel --table 795 --select GEO=3301 --select 'AAR=*' --select KJONN=0 \
        --select ALDER=0_120 --select MEASURE_TYPE=TELLER -o f.json 2>err.txt || fail "FHI exit $?: $(cat err.txt)"
    ;;
live)
    # Against the real API, only when asked.
    [ "${LEVEKAR_LIVE:-}" = 1 ] || { echo "LEVEKAR_LIVE is not 1: skipped"; exit 77; }
    unset LEVEKAR_FETCH_RATE
    "$lk" fetch --cache live --table 07459 --select Region=3301,0 --select 'Tid=top(2)' --select ContentsCode=Personer1 -o live.json 2>err.txt || fail "live exit $?: $(cat err.txt)"
    "$lk" tidy live.json > live.csv || fail "tidy of the live answer exit $?"
    grep -q '^07459,3301,' live.csv || fail "no Drammen in the live answer: $(head -n 3 live.csv)"
    ;;
*)
    fail "unknown case"
    ;;
esac
exit 0
