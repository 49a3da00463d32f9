#!/usr/bin/env bash
# The siting benchmark (by hand, never in CI): writes the county-sized instance of generate.py and solves it
# with HiGHS and with GLPK to a 1 % gap (time limit 600 s each), printing each headline's first lines and
# the wall time and peak memory. Usage: bash Benchmarks/siting/run.sh [FOLDER] [CARECAP]
set -euo pipefail
cd "$(dirname "$0")/../.."
folder="${1:-/tmp/carecap-siting-bench}"
carecap="${2:-.build/release/carecap}"
[ -x "$carecap" ] || swift build -c release --product carecap
python3 Benchmarks/siting/generate.py "$folder"
for solver in highs glpk; do
    rm -rf "$folder/$solver"
    echo "== $solver"
    /usr/bin/time -f "wall %e s, peak RSS %M KB" "$(pwd)/$carecap" optimize "$folder/scenario.yaml" --solver "$solver" \
        --out "$folder/$solver" | head -3
done
echo "== load: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"
