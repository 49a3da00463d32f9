#!/usr/bin/env bash
# Builds carecap-bench in release and runs it from the repository root (called by `make bench`), then
# the numpy peer of the projection step on the same prepared rates (when python3 has numpy), with the
# ratio CareCap / numpy, then Benchmarks/report.sh (national `carecap run`, `carecap report`, `carecap project`).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product carecap-bench
export_dir=$(mktemp -d)
log=$export_dir/bench.log
trap 'rm -rf "$export_dir"' EXIT
CARECAP_BENCH_EXPORT="$export_dir/rates" .build/release/carecap-bench "$(pwd)" | tee "$log"
if python3 -c 'import numpy' 2>/dev/null; then
    # One thread, as carecap's 1-task figure: numpy's matrix-vector product could use BLAS threads.
    OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 \
        python3 Benchmarks/peers/ccmpp_numpy.py "$export_dir/rates" 15 | tee -a "$log"
    carecap_ms=$(grep -m1 'all cells stored, 1 task' "$log" | sed -E 's/.*median ([0-9.]+) ms.*/\1/')
    numpy_ms=$(grep -m1 '^numpy peer' "$log" | sed -E 's/.*median ([0-9.]+) ms.*/\1/')
    awk -v c="$carecap_ms" -v n="$numpy_ms" 'BEGIN { printf "CareCap / numpy (all cells stored, 1 task / numpy, every county, one path): %.2f ms / %.2f ms = %.3f (numpy takes %.1f× as long); load %s\n", c, n, c / n, n / c, "'"$(cut -d' ' -f1-3 /proc/loadavg)"'" }'
else
    echo "numpy peer skipped: python3 with numpy not found (Benchmarks/peers/ccmpp_numpy.py)"
fi
bash Benchmarks/report.sh
