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
strict)
    printf 'region;alder;Personer 2023\n3301 Drammen;0-4 år;5060\n;5-9 år;5672\n\n' > merged.csv
    "$lk" tidy -o out.csv merged.csv 2>err.txt || fail "without --strict exit $?"
    grep -qx 'levekar tidy: merged.csv: 1 blank line, 1 label continued from the row above (see levekar inspect)' err.txt || fail "note: $(cat err.txt)"
    "$lk" tidy --strict -o strict.csv merged.csv 2>err.txt; [ $? -eq 1 ] || fail "--strict must exit 1"
    grep -qx 'merged.csv: 1 blank line, 1 label continued from the row above (--strict: expected only a preamble, a header and data rows)' err.txt || fail "strict message: $(cat err.txt)"
    [ ! -e strict.csv ] || fail "output left behind"
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
regions)
    [ "$("$lk" regions --year 2024 | grep -c '^kommune,')" -eq 357 ] || fail "357 kommuner in 2024"
    [ "$("$lk" regions --year 2019 | grep -c '^kommune,')" -eq 422 ] || fail "422 kommuner in 2019"
    "$lk" regions --year 2024 | grep -qx 'kommune,3301,Drammen,33' || fail "Drammen 2024"
    "$lk" regions --changes | grep -qx '2020,kommune,merge,0711,Svelvik,3005,Drammen' || fail "Svelvik 2020"
    "$lk" regions --changes | grep -qx '2024,kommune,move,3005,Drammen,3301,Drammen' || fail "Drammen 2024 move"
    printf 'oldCode;oldName;newCode;newName;changeOccurred\n3301;Drammen;3399;Drammen og Lier;2028-01-01\n3312;Lier;3399;Drammen og Lier;2028-01-01\n' > klass.csv
    "$lk" regions --klass klass.csv --year 2028 | grep -qx 'kommune,3399,Drammen og Lier,33' || fail "a loaded 2028 merge"
    ;;
geography)
    printf '"region";"\345r";"Registrerte arbeidsledige"\r\n' > in.csv
    printf '"0602 Drammen";"2019";1000\r\n"0625 Nedre Eiker";"2019";500\r\n"0711 Svelvik";"2019";100\r\n' >> in.csv
    printf '"3005 Drammen";"2021";1700\r\n"3301 Drammen";"2024";1800\r\n"1507 \305lesund";"2021";900\r\n' >> in.csv
    "$lk" tidy --geography 2024 in.csv -o out.csv 2>err.txt || fail "exit $?"
    printf '%s\n' 'table,region,region_name,level,period,measure,dims,value,status' \
        ',3301,Drammen,kommune,2019,Registrerte arbeidsledige,,1600,' \
        ',1508,Ålesund,kommune,2021,Registrerte arbeidsledige,,,~split' \
        ',1580,Haram,kommune,2021,Registrerte arbeidsledige,,,~split' \
        ',3301,Drammen,kommune,2021,Registrerte arbeidsledige,,1700,' \
        ',3301,Drammen,kommune,2024,Registrerte arbeidsledige,,1800,' > expected.csv
    diff -u expected.csv out.csv || fail "harmonised output"
    grep -q '^levekar tidy: borders of 2024:' err.txt || fail "summary"
    "$lk" tidy --geography 19x in.csv 2>/dev/null; [ $? -eq 2 ] || fail "bad year must exit 2"
    ;;
names)
    printf '"Arbeidsledighet",,\n,,\n"Geografi","2009","2010"\n"Drammen",2.8,3.3\n"Nes (Buskerud)",3.3,1.7\n' > fhi.csv
    "$lk" tidy fhi.csv > out.csv || fail "exit $?"
    grep -qx ',0602,Drammen,kommune,2009,Arbeidsledighet,,2.8,' out.csv || fail "Drammen resolved"
    grep -qx ',0616,Nes (Buskerud),kommune,2010,Arbeidsledighet,,1.7,' out.csv || fail "Nes (Buskerud) resolved"
    printf '"Arbeidsledighet",,\n,,\n"Geografi","2009","2010"\n"Nes",2.8,3.3\n' > amb.csv
    "$lk" tidy amb.csv -o out2.csv 2>err.txt; [ $? -eq 1 ] || fail "ambiguous name must exit 1"
    grep -q "^amb.csv:4: 'Nes' names more than one region in 2009: 0236 Nes" err.txt || fail "message: $(cat err.txt)"
    [ ! -e out2.csv ] || fail "output left behind"
    # Names resolved into one code buffer: each keeps its own code in a report (a pointer cache
    # once summed Nes into Drammen).
    printf '"Registrerte arbeidsledige",,\n,,\n"Geografi","2009","2010"\n"Drammen",28,33\n"Nes (Buskerud)",33,17\n' > num.csv
    printf '"Befolkning",,\n,,\n"Geografi","2009","2010"\n"Drammen",1000,1000\n"Nes (Buskerud)",100,100\n' > den.csv
    "$lk" report --numerator num.csv --denominator den.csv --all --format csv > rep.csv || fail "report exit $?"
    grep -q '^custom,2009,0602,Drammen,kommune,28,1000,2\.8' rep.csv || fail "Drammen alone: $(cat rep.csv)"
    grep -q '^custom,2010,0616,Nes (Buskerud),kommune,17,100,17,' rep.csv || fail "Nes alone: $(cat rep.csv)"
    ;;
zones)
    printf 'zone,name,member\nS1,Strømsø,330101\n' > z.csv
    printf '"region";"\345r";"Personer"\n"33010101 A";"2024";100\n"33010102 B";"2024";50\n"33010201 C";"2024";25\n' > g.csv
    "$lk" tidy --zones z.csv g.csv | tail -n 1 | grep -qx ',S1,Strømsø,zone,2024,Personer,,150,' || fail "zone row"
    "$lk" coverage --zones z.csv g.csv | grep -qx '3301,2024,Personer,,175,150,0,25,14.285714285714286' || fail "coverage row"
    printf 'zone,name,member\nS1,A,33010101\nS1,A,33120101\n' > bad.csv
    "$lk" tidy --zones bad.csv g.csv 2>err.txt; [ $? -eq 1 ] || fail "bad zone file must exit 1"
    grep -q '^bad.csv:3: member 33120101 of zone S1 lies in kommune 3312' err.txt || fail "zone message: $(cat err.txt)"
    ;;
report)
    ds=$src/datasets
    "$lk" report --indicator unemployment --area 3301 --format csv "$ds"/*.csv > out.csv || fail "csv exit $?"
    head -n 1 out.csv | grep -qx 'indicator,period,region,region_name,level,numerator,denominator,value,ci_low,ci_high,index_land,vs_land,status' || fail "csv header"
    [ "$(grep -c '^unemployment,20[0-9][0-9],3301,Drammen,kommune,' out.csv)" -eq 14 ] || fail "14 Drammen rows"
    grep -q '^unemployment,2024,33,Buskerud,fylke,' out.csv || fail "Buskerud row"
    grep -q '^unemployment,2024,0,Hele landet,land,.*,100,,$' out.csv || fail "landet row"
    for f in text md json prose; do
        "$lk" report --indicator unemployment --area 3301 --format $f "$ds"/*.csv > out.$f || fail "$f exit $?"
        grep -q 'Kilde: SSB' out.$f || fail "$f names no source"
    done
    grep -q 'Drammen ligger signifikant over landet' out.prose || fail "prose: $(head -n 1 out.prose)"
    grep -q '3,17' out.text || fail "decimal comma in text"
    "$lk" report --indicator unemployment --area 3301 --format prose --lang en "$ds"/*.csv | grep -q 'significantly above Norway' || fail "English prose"
    "$lk" trend --indicator unemployment --area 3301 --format csv "$ds"/*.csv > trend.csv || fail "trend exit $?"
    head -n 1 trend.csv | grep -qx 'indicator,region,region_name,from,to,periods,slope,slope_ci_low,slope_ci_high,apc,direction' || fail "trend header"
    grep -q '^unemployment,3301,Drammen,2011,2024,14,' trend.csv || fail "trend row"
    "$lk" report --indicator nosuch "$ds"/*.csv 2>err.txt; [ $? -eq 2 ] || fail "unknown indicator must exit 2"
    grep -q "unknown indicator 'nosuch'" err.txt || fail "message"
    "$lk" report --indicator unemployment --ages 20-74 -o bad.csv "$ds"/*.csv 2>err.txt; [ $? -eq 1 ] || fail "straddle must exit 1"
    grep -q "straddles a limit of 20-74 år" err.txt || fail "straddle message: $(cat err.txt)"
    [ ! -e bad.csv ] || fail "output left behind"
    # A limit of the computation stops with the file and line (the 65th combination of total and
    # other categories: 7 dimensions of 'I alt' or 'x' give one per row; line 66 with the header).
    awk 'BEGIN { printf "\"region\""; for (d = 0; d < 7; d++) printf ";\"d%d\"", d;
        print ";\"\303\245r\";\"statistikkvariabel\";\"99999: T\"";
        for (i = 0; i < 128; i++) { printf "\"3301 Drammen\"";
            for (d = 0; d < 7; d++) printf ";\"%s\"", (int(i / 2 ^ d) % 2) ? "x" : "I alt";
            print ";\"2020\";\"Befolkning\";\"5\"" } }' > masks.csv
    "$lk" report --numerator masks.csv:Befolkning --denominator masks.csv:Befolkning -o bad.csv 2>err.txt
    [ $? -eq 1 ] || fail "too many combinations must exit 1"
    grep -q "^masks.csv:66: more than 64 combinations of total and other categories" err.txt || fail "limit message: $(cat err.txt)"
    [ ! -e bad.csv ] || fail "output left behind"
    "$lk" report --indicator unemployment --area 9999 "$ds"/*.csv 2>err.txt; [ $? -eq 1 ] || fail "unknown area must exit 1"
    "$lk" report --indicator unemployment --window 3 --area 3301 --format csv "$ds"/*.csv | grep -q '^unemployment,2022-2024,3301,' || fail "window"
    printf '[unemployment-nav]\nname.nb = Helt ledige\nname.en = Registered unemployed (NAV)\nnumerator = Registrerte\ndenominator = Arbeidsstyrken\nfamily = NAV\n' > nav.def
    "$lk" report --indicators nav.def --indicator unemployment --indicator unemployment-nav "$ds"/*.csv 2>err.txt
    [ $? -eq 2 ] || fail "two unemployment definitions side by side must be refused"
    grep -q "follow incompatible definitions" err.txt || fail "family message: $(cat err.txt)"
    ;;
report_zones)
    printf 'zone,name,member\nS1,Strømsø,330101\n' > z.csv
    printf '"region";"alder";"\345r";"Personer";"Registrerte arbeidsledige"\n' > gk.csv
    printf '"33010101 A";"15-74 \345r";"2024";1000;60\n"33010102 B";"15-74 \345r";"2024";500;20\n' >> gk.csv
    printf '"33010201 C";"15-74 \345r";"2024";2000;50\n"3301 Drammen";"15-74 \345r";"2024";70000;2100\n' >> gk.csv
    printf '"0 Hele landet";"15-74 \345r";"2024";4000000;84000\n' >> gk.csv
    "$lk" report --indicator unemployment --zones z.csv --area S1 --format csv gk.csv > out.csv || fail "exit $?"
    # S1 = 33010101 + 33010102: 80 / 1500; its kommune and landet come from the file
    grep -q '^unemployment,2024,S1,Strømsø,zone,80,1500,5.333333333333334,.*,higher,$' out.csv || fail "zone row: $(cat out.csv)"
    grep -q '^unemployment,2024,3301,Drammen,kommune,2100,70000,3,' out.csv || fail "kommune row"
    grep -q '^unemployment,2024,33,Buskerud,fylke,,,,,,,,~incomplete$' out.csv || fail "fylke row"
    # without the kommune's own row it is built from its grunnkretser (completeness unchecked)
    grep -a -v '"3301 Drammen"' gk.csv > gk2.csv
    "$lk" report --indicator unemployment --area 33010101 --format csv gk2.csv > out2.csv || fail "exit $?"
    grep -q '^unemployment,2024,3301,Drammen,kommune,130,3500,.*,~unchecked$' out2.csv || fail "kommune from grunnkretser: $(cat out2.csv)"
    ;;
parallel)
    # A file read by two threads gives exactly what one thread gives, and an error in the second
    # half names its absolute line.
    awk 'BEGIN { print "\"region\";\"alder\";\"gruppe\";\"\303\245r\";\"statistikkvariabel\";\"99999: Test\"";
        for (i = 0; i < 70000; i++) { r = sprintf("%02d%02d Kommune", 3 + i % 15, i % 23); g = int(i / 6900);
            printf "\"%s\";\"%d-%d \303\245r\";\"G%d\";\"%d\";\"Registrerte arbeidsledige\";%d\n", r, 15 + 5 * (i % 4), 19 + 5 * (i % 4), g, 2000 + i % 25, i % 97;
            printf "\"%s\";\"%d-%d \303\245r\";\"G%d\";\"%d\";\"Befolkning\";%d\n", r, 15 + 5 * (i % 4), 19 + 5 * (i % 4), g, 2000 + i % 25, 1000 + i % 89 } }' > big.csv
    LEVEKAR_THREADS=1 "$lk" report --numerator big.csv:Registrerte --denominator big.csv:Befolkning --all --format csv -o one.csv || fail "one thread exit $?"
    LEVEKAR_SPLIT_MIN=1 "$lk" report --numerator big.csv:Registrerte --denominator big.csv:Befolkning --all --format csv -o two.csv || fail "two threads exit $?"
    cmp one.csv two.csv || fail "two threads differ from one"
    [ "$(wc -l < one.csv)" -gt 1000 ] || fail "rows"
    sed '120000s/;[0-9]*$/;12"3/' big.csv > bad.csv
    LEVEKAR_SPLIT_MIN=1 "$lk" report --numerator bad.csv:Registrerte --denominator bad.csv:Befolkning --all --format csv -o x.csv 2>err.txt
    [ $? -eq 1 ] || fail "error in the second half must exit 1"
    grep -q '^bad.csv:120000: stray quote' err.txt || fail "absolute line number: $(cat err.txt)"
    ;;
chart)
    ds=$src/datasets
    if ! command -v gnuplot >/dev/null 2>&1; then echo "gnuplot not installed: skipped"; exit 77; fi
    "$lk" chart trend --indicator unemployment --area 3301 -o trend.png --script trend.gp "$ds"/*.csv || fail "trend exit $?"
    [ "$(head -c 8 trend.png | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] || fail "PNG signature"
    grep -q "^set output 'trend.png'" trend.gp || fail "script names the final output"
    gnuplot trend.gp || fail "the saved script re-renders"
    title='Ledighet "sitat" 100% _x_ @a & b'"'"'s {c} æøå'
    "$lk" chart compare --indicator unemployment --all --title "$title" -o compare.svg "$ds"/*.csv || fail "compare exit $?"
    grep -q 'Ledighet &quot;sitat&quot; 100% _x_ @a &amp; b'"'"'s {c} æøå\|Ledighet "sitat" 100% _x_ @a &amp; b'"'"'s {c} æøå' compare.svg || fail "SVG title rendered literally"
    "$lk" chart funnel --indicator unemployment --all -o funnel.pdf "$ds"/*.csv || fail "funnel exit $?"
    [ "$(head -c 5 funnel.pdf)" = "%PDF-" ] || fail "PDF header"
    "$lk" chart panel --indicator unemployment --indicator unemployment-youth --area 3301 -o panel.svg "$ds"/*.csv || fail "panel exit $?"
    grep -q 'Drammen' panel.svg || fail "panel content"
    # a title that tries to run a command renders as text
    "$lk" chart trend --indicator unemployment --area 3301 --title "x'
system('touch pwned')
'" -o inj.svg "$ds"/*.csv || fail "injection title exit $?"
    [ ! -e pwned ] || fail "a title ran a command"
    "$lk" chart trend --indicator unemployment --area 3301 -o chart.gif "$ds"/*.csv 2>err.txt; [ $? -eq 2 ] || fail "unknown extension must exit 2"
    PATH=/nonexistent "$lk" chart trend --indicator unemployment --area 3301 -o nognu.png "$ds"/*.csv 2>err.txt
    [ $? -eq 4 ] || fail "missing gnuplot must exit 4"
    grep -q 'gnuplot not found (install gnuplot-nox' err.txt || fail "missing gnuplot message: $(cat err.txt)"
    [ ! -e nognu.png ] && [ -z "$(ls | grep tmp)" ] || fail "output left behind without gnuplot"
    ;;
side_file_limits)
    printf '"region";"\345r";"Personer"\n"3301 Drammen";"2024";100\n' > d.csv
    # 3301 split in three and merged again, 26 times (3^26 paths), then 4 moves: 3707 in 2080
    awk 'BEGIN { print "oldCode,oldName,newCode,newName,changeOccurred"; a = 3301; n = 3600; y = 2025
        for (s = 0; s < 26; s++) { for (k = 0; k < 3; k++) print a ",A," n + k ",P," y "-01-01"
            for (k = 0; k < 3; k++) print n + k ",P," n + 3 ",A" n + 3 "," y + 1 "-01-01"
            a = n + 3; n += 4; y += 2 }
        for (k = 0; k < 4; k++) { print a ",A," n ",A" n "," y "-01-01"; a = n; n++; y++ } }' > chain.csv
    [ "$(wc -l < chain.csv)" -eq 161 ] || fail "chain.csv has $(wc -l < chain.csv) lines"
    "$lk" tidy --changes chain.csv --geography 2080 d.csv > out.csv || fail "chain exit $?"
    grep -qx ',3707,A3707,kommune,2024,Personer,,,~split' out.csv || fail "chain: $(cat out.csv)"
    { echo 'oldCode,oldName,newCode,newName,changeOccurred'
      for k in 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do echo "3301,Drammen,$((3600 + k)),P,2025-01-01"; done; } > wide.csv
    "$lk" tidy --changes wide.csv --geography 2025 -o bad.csv d.csv 2>err.txt; [ $? -eq 1 ] || fail "division limit must exit 1"
    grep -qx 'wide.csv:2: kommune 3301 of 2024 would lie in more than 16 kommuner of 2025 (expected a unit divided between at most 16 kommuner)' err.txt || fail "limit message: $(cat err.txt)"
    [ ! -e bad.csv ] || fail "output left behind"
    printf 'oldCode,oldName,newCode,newName,changeOccurred\n3301,Drammen,3399,X,2028-02-30\n' > date.csv
    "$lk" tidy --changes date.csv d.csv 2>err.txt >/dev/null; [ $? -eq 1 ] || fail "2028-02-30 must exit 1"
    grep -q "^date.csv:2: change date '2028-02-30' is not a date" err.txt || fail "date message: $(cat err.txt)"
    printf 'zone,name,member\nS1,A,330101\nS2,B,33010105\n' > z.csv
    "$lk" tidy --zones z.csv d.csv 2>err.txt >/dev/null; [ $? -eq 1 ] || fail "overlapping zones must exit 1"
    grep -q '^z.csv:3: grunnkrets 33010105 overlaps delområde 330101 of zone S1 on line 2' err.txt || fail "zone message: $(cat err.txt)"
    ;;
*)
    fail "unknown case"
    ;;
esac
echo "ok ($case_name)"
