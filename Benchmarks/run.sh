#!/usr/bin/env bash
# Builds carecap-bench in release and runs it from the repository root (called by `make bench`).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product carecap-bench
.build/release/carecap-bench "$(pwd)"
bash Benchmarks/report.sh
