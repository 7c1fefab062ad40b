#!/bin/sh
# Install the Debian packages levekar needs to build and test (only those missing).
set -eu
need="cmake make gcc libc6-dev pkg-config libgsl-dev libcsv-dev libcmocka-dev gnuplot-nox fonts-dejavu-core"
missing=""
for p in $need; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing:$missing"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
