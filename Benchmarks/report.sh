#!/usr/bin/env bash
# Times `carecap run` (with its store and reports) and `carecap report` (rebuilding the reports from
# results.gpkg) on every county of the 2020 census, 2020-2050, 1,000 draws: the run of
# Benchmarks/all-counties-2050-mc.yaml. Prints wall time and peak memory of each; `carecap report`
# is timed three times and the median printed. By hand only (`make bench`), never in CI.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product carecap >/dev/null
bin=.build/release/carecap
out=$(mktemp -d)/all-counties
trap 'rm -rf "$(dirname "$out")"' EXIT
measure() {  # prints "seconds peak_MiB" for the command given
    /usr/bin/time -f "%e %M" "$@" 2>&1 >/dev/null | tail -1 | awk '{ printf "%s %.0f\n", $1, $2 / 1024 }'
}
echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
read -r seconds peak < <(measure "$bin" run Benchmarks/all-counties-2050-mc.yaml --out "$out" --quiet)
echo "carecap run (every county, 2020-2050, 1000 draws, store + CSV + reports): ${seconds} s, peak ${peak} MiB"
times=()
for _ in 1 2 3; do
    read -r seconds peak < <(measure "$bin" report "$out" --quiet)
    times+=("$seconds")
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p)
echo "carecap report (html, xlsx, md from results.gpkg): median ${median} s of ${times[*]}, peak ${peak} MiB"
echo "store: $(du -m "$out/results.gpkg" | cut -f1) MiB; report.html $(du -m "$out/report.html" | cut -f1) MiB; report.xlsx $(du -m "$out/report.xlsx" | cut -f1) MiB"
