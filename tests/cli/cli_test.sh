#!/bin/sh
# CLI tests: exit codes, exact output, error messages, and no partial output files.
# Usage: cli_test.sh CASE LEVEKAR WORKDIR SOURCE_DIR
set -u
case_name=$1 lk=$2 work=$3/$1 src=$4
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1

fail() { echo "FAIL ($case_name): $*" >&2; exit 1; }

# An SSB-style export: Latin-1, CRLF, quoted title, blank line, years glued with the measure.
ssb_fixture() {
    printf '"10539: Registrerte arbeidsledige, etter region, alder, statistikkvariabel og \345r"\r\n' > "$1"
    printf '\r\n' >> "$1"
    printf '"region";"alder";"Registrerte arbeidsledige 2023";"Registrerte arbeidsledige 2024"\r\n' >> "$1"
    printf '"K-3301 Drammen";"15-74 \345r";2100;2250\r\n' >> "$1"
    printf '"3316 Modum";"60-74 \345r";:;12\r\n' >> "$1"
}

case $case_name in
help)
    "$lk" --help | grep -q '^Usage: levekar COMMAND' || fail "levekar --help"
    "$lk" tidy --help | grep -q '^Usage: levekar tidy' || fail "tidy --help"
    "$lk" inspect --help | grep -q '^Usage: levekar inspect' || fail "inspect --help"
    "$lk" version | grep -q '^levekar [0-9]' || fail "version"
    ;;
usage_errors)
    "$lk" 2>/dev/null; [ $? -eq 2 ] || fail "no command must exit 2"
    "$lk" frobnicate 2>err.txt; [ $? -eq 2 ] || fail "unknown command must exit 2"
    grep -q "unknown command 'frobnicate'" err.txt || fail "message for unknown command"
    "$lk" tidy 2>/dev/null; [ $? -eq 2 ] || fail "tidy without files must exit 2"
    "$lk" tidy --bogus x.csv 2>/dev/null; [ $? -eq 2 ] || fail "unknown option must exit 2"
    ;;
tidy_golden)
    ssb_fixture in.csv
    "$lk" tidy -o out.csv in.csv || fail "tidy exit $?"
    printf '%s\n' \
        'table,region,region_name,level,period,measure,dims,value,status' \
        '10539,3301,Drammen,kommune,2023,Registrerte arbeidsledige,alder=15-74 år,2100,' \
        '10539,3301,Drammen,kommune,2024,Registrerte arbeidsledige,alder=15-74 år,2250,' \
        '10539,3316,Modum,kommune,2023,Registrerte arbeidsledige,alder=60-74 år,,:' \
        '10539,3316,Modum,kommune,2024,Registrerte arbeidsledige,alder=60-74 år,12,' > expected.csv
    diff -u expected.csv out.csv || fail "tidy output differs"
    "$lk" tidy --reference-parser in.csv > ref.csv || fail "reference parser exit $?"
    diff -u expected.csv ref.csv || fail "reference parser output differs"
    [ "$(ls)" = "$(printf 'expected.csv\nin.csv\nout.csv\nref.csv')" ] || fail "stray files: $(ls)"
    ;;
tidy_bad_input)
    ssb_fixture in.csv
    printf '"3301 Drammen";"15-74 \345r";7\r\n' >> in.csv
    "$lk" tidy -o out.csv in.csv 2>err.txt
    rc=$?
    [ $rc -eq 1 ] || fail "bad data must exit 1, got $rc"
    [ "$(cat err.txt)" = "in.csv:6: 3 fields (expected 4 as in the header on line 3)" ] || fail "message: $(cat err.txt)"
    [ ! -e out.csv ] || fail "partial output file left behind"
    [ -z "$(ls | grep tmp)" ] || fail "temporary file left behind"
    : > empty.csv
    "$lk" tidy -o out.csv empty.csv 2>err.txt; [ $? -eq 1 ] || fail "empty file must exit 1"
    grep -q '^empty.csv:1: empty file (expected' err.txt || fail "empty message: $(cat err.txt)"
    "$lk" tidy -o out.csv missing.csv 2>err.txt; [ $? -eq 3 ] || fail "missing file must exit 3"
    grep -q '^missing.csv: cannot open: ' err.txt || fail "missing message: $(cat err.txt)"
    [ ! -e out.csv ] || fail "output left behind after a missing input"
    ;;
tidy_unwritable)
    ssb_fixture in.csv
    "$lk" tidy -o no/such/dir/out.csv in.csv 2>err.txt; [ $? -eq 3 ] || fail "unwritable output must exit 3"
    grep -q '^no/such/dir/out.csv: cannot write: ' err.txt || fail "message: $(cat err.txt)"
    if [ -w /dev/full ]; then
        "$lk" tidy in.csv > /dev/full 2>err.txt; [ $? -eq 3 ] || fail "full disk must exit 3"
    fi
    ;;
odd_paths)
    # Names with spaces, quotes, ';', '$()' and æøå travel as arguments only.
    name='my file; $(touch pwned) "q" æøå.csv'
    ssb_fixture "$name"
    "$lk" tidy -o "out $name" "$name" || fail "exit $?"
    [ ! -e pwned ] || fail "a file name was run by a shell"
    [ "$(wc -l < "out $name")" -eq 5 ] || fail "rows"
    ;;
inspect)
    ssb_fixture in.csv
    "$lk" inspect in.csv > out.txt || fail "inspect exit $?"
    grep -q '^table: *10539  Registrerte arbeidsledige' out.txt || fail "table line"
    grep -q '^encoding: *ISO-8859-1/Windows-1252' out.txt || fail "encoding line"
    grep -q "^delimiter: *';' *decimal mark: '.' *line ends: CRLF" out.txt || fail "delimiter line"
    grep -q '^lines: *5 = 1 preamble + 1 blank + 1 header + 2 data + 0 trailer' out.txt || fail "lines accounted"
    grep -q "^status: *':' 1" out.txt || fail "status counts"
    grep -q 'period 2024, measure "Registrerte arbeidsledige"' out.txt || fail "value column"
    ;;
pipe_closed)
    ssb_fixture in.csv
    i=0; while [ $i -lt 3000 ]; do printf '"3301 Drammen";"15-74 \345r";1;2\r\n' >> in.csv; i=$((i+1)); done
    out=$("$lk" tidy in.csv | head -n 1)
    [ "$out" = 'table,region,region_name,level,period,measure,dims,value,status' ] || fail "header through a pipe"
    ;;
*)
    fail "unknown case"
    ;;
esac
echo "ok ($case_name)"
