#!/bin/sh
# Install the Debian packages levekar needs to build and test (only those missing). libxlsxwriter-dev
# writes the profile's .xlsx (Debian's package rather than a spreadsheet writer of our own);
# poppler-utils (2 MB) gives the tests pdftotext and pdffonts to read the profile's PDF back.
set -eu
# libcurl4-openssl-dev: levekar fetch's HTTP client (the OpenSSL flavour, as Debian's libcurl4;
# libcurl4-gnutls-dev serves as well, and is accepted in its place).
need="cmake make gcc libc6-dev pkg-config libgsl-dev libcsv-dev libjansson-dev libcurl4-openssl-dev libcmocka-dev gnuplot-nox fonts-dejavu-core valgrind libxlsxwriter-dev poppler-utils"
# Optional: clang and its runtime for the libFuzzer runs (skipped where the packages are missing);
# groff-base, with which the man page test checks levekar(1) for warnings (else only its structure);
# weasyprint, the layout engine of profile -o FILE.pdf: optional because it is heavy (Python and
# Pango, a 48 MB download on a fresh Debian 12), and without it .pdf exits 4 naming the package
# and the PDF test is skipped; everything else works. chromium: the test that renders the HTML
# profile in a real browser and checks the screenshot is not blank (skipped without it; about 40 s
# to install, 290 MB).
# pandoc: profile -o FILE.docx (without it .docx exits 4 naming the package and its test is skipped).
optional="clang libclang-rt-14-dev groff-base weasyprint chromium pandoc"
missing=""
for p in $need; do
    [ "$p" = libcurl4-openssl-dev ] && dpkg-query -W -f='${Status}' libcurl4-gnutls-dev 2>/dev/null | grep -q "ok installed" && continue
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
for p in $optional; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing_optional="${missing_optional:-} $p"
done
[ -z "$missing" ] && [ -z "${missing_optional:-}" ] && exit 0
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || {
        echo "install-deps: missing Debian packages:$missing${missing_optional:-}; run as root or install sudo" >&2
        exit 1
    }
    sudo="sudo"
fi
$sudo apt-get update -qq
if [ -n "$missing" ]; then
    echo "installing:$missing"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
fi
if [ -n "${missing_optional:-}" ]; then
    echo "installing (optional):$missing_optional"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing_optional ||
        echo "optional packages not installed: fuzzing, the groff check, PDF and Word profiles or the browser test will be skipped"
fi
