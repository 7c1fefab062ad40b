#!/bin/sh
# No #include in lib/ runs against the folder order common → fetch → read → geography → indicators →
# statistics → report → pipeline → profile (issues 14, 16, 17), through a module's internal header ("../X/...")
# or its public one ("levekar/X.h"), and no module includes another module's internal header
# (those of lib/common excepted, which are there to be shared). Usage: include_order.sh SOURCE_DIR
set -u
src=$1
rank() {
    case $1 in
    common) echo 0 ;; fetch) echo 1 ;; read) echo 2 ;; geography) echo 3 ;; indicators) echo 4 ;;
    statistics) echo 5 ;; report) echo 6 ;; pipeline) echo 7 ;; profile) echo 8 ;; *) echo 99 ;;
    esac
}
owner() { # the module of a public header
    case $1 in
    common|numbers) echo common ;; labels|read|inputs) echo read ;; geography|harmonise|zones) echo geography ;;
    fetch) echo fetch ;; indicators) echo indicators ;; stats|standardise|suppress|inequality|composite) echo statistics ;; report|tidy|chart|coverage) echo report ;; pipeline) echo pipeline ;; profile) echo profile ;;
    *) echo unknown ;;
    esac
}
TMPDIR_BAD=$(mktemp)
trap 'rm -f "$TMPDIR_BAD"' EXIT
for f in "$src"/lib/*/*.c "$src"/lib/*/*.h; do
    [ -f "$f" ] || continue
    mod=$(basename "$(dirname "$f")")
    r=$(rank "$mod")
    [ "$r" = 99 ] && continue
    grep -o '#include "[^"]*"' "$f" | sed 's/#include "//; s/"$//' | while read -r inc; do
        case $inc in
        ../*/*) target=${inc#../}; target=${target%%/*}; internal=1 ;;
        levekar/*.h) h=${inc#levekar/}; target=$(owner "${h%.h}"); internal=0 ;;
        *) continue ;;
        esac
        tr=$(rank "$target")
        if [ "$tr" -gt "$r" ]; then
            echo "${f#$src/}: includes $inc, of $target, which comes after $mod (expected only earlier folders)"
            echo x >> "$TMPDIR_BAD"
        elif [ "$internal" = 1 ] && [ "$target" != common ] && [ "$target" != "$mod" ]; then
            # no exception: what several modules share (the map, the side-file reader) lives in
            # common/, whose headers every module may include
            echo "${f#$src/}: includes $inc, an internal header of $target (expected its public header)"
            echo x >> "$TMPDIR_BAD"
        fi
    done
done
[ ! -s "$TMPDIR_BAD" ] || exit 1
echo "ok (include order)"
