#!/bin/sh
# Re-make the example charts shown in the README from datasets/ (synthetic data) into docs/charts/.
set -eu
cd "$(dirname "$0")/.."
lk=${LEVEKAR:-build/release/tools/levekar}
mkdir -p docs/charts
"$lk" chart trend --indicator unemployment --area 3301 -o docs/charts/trend.svg datasets/*.csv
"$lk" chart compare --indicator unemployment --all -o docs/charts/compare.svg datasets/*.csv
"$lk" chart funnel --indicator unemployment --all -o docs/charts/funnel.svg datasets/*.csv
"$lk" chart panel --indicator unemployment --indicator unemployment-youth --area 3301 -o docs/charts/panel.svg datasets/*.csv
