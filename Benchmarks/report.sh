#!/usr/bin/env bash
# End-to-end figures of the national scale (issue 13), on every county of the 2020 census, 2020-2050:
# - `carecap run` of Benchmarks/all-counties-2050-mc.yaml (1,000 draws) with its store, CSVs and reports,
#   three times: median wall time, the largest peak RSS, and cell-updates per second (areas × steps ×
#   202 cells × draws / s);
# - `carecap report` rebuilding the reports from results.gpkg, three times, median;
# - `carecap project` of the same census with single-year output, three times, median.
# - the same run in 8 shards and `carecap merge` (issue 15): shard CPU and peak, merge time and peak, and
#   whether the merged files equal the single run's.
# By hand only (`make bench`), never in CI; the load average is printed with each figure.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product carecap >/dev/null
bin=.build/release/carecap
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=$work/all-counties
measure() {  # prints "seconds peak_MiB" for the command given
    /usr/bin/time -f "%e %M" "$@" 2>&1 >/dev/null | tail -1 | awk '{ printf "%s %.0f\n", $1, $2 / 1024 }'
}
load() { cut -d' ' -f1-3 /proc/loadavg; }
median3() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), load $(load)"

times=(); peaks=(); loads=()
for i in 1 2 3; do
    rm -rf "$out"
    read -r seconds peak < <(measure "$bin" run Benchmarks/all-counties-2050-mc.yaml --out "$out" --quiet)
    times+=("$seconds"); peaks+=("$peak"); loads+=("$(load)")
done
areas=$(python3 -c "import json, sys; print(len(json.load(open(sys.argv[1]))['areas']))" "$out/manifest.json" 2>/dev/null || echo 0)
median=$(median3 "${times[@]}")
peak=$(printf '%s\n' "${peaks[@]}" | sort -n | tail -1)
updates=$(awk -v s="$median" -v a="$areas" 'BEGIN { if (a > 0) printf "%.0f", a * 31 * 202 * 1000 / s / 1e6; else print "?" }')
echo "carecap run (every county, 2020-2050, 1000 draws, store + CSV + reports, --jobs $(nproc)): median ${median} s of ${times[*]} (goal ≤ 5 s), peak ${peak} MiB (goal ≤ 1024); ${areas} areas, ${updates} million cell-updates/s; load at each: ${loads[*]}"
# Where one more run's time goes (`CARECAP_TIMING=1`): each phase's wall, the tail after the result (the store
# and the views on as many threads as cores) with the CPU of each side, and the run's user and system CPU.
rm -rf "$out"
CARECAP_TIMING=1 /usr/bin/time -f "cpu %U %S" "$bin" run Benchmarks/all-counties-2050-mc.yaml --out "$out" --quiet 2> "$work/timing" >/dev/null
awk '
    /^timing: / { name = $2; wall = $3; cpu = $6; sub(/\)$/, "", $NF); end = $(NF - 1)
                  if (name == "plan" || name == "simulation" || name == "result") { phase[name] = wall; if (name == "result") resultEnd = end }
                  else if (name == "store") { store = cpu; if (end > last) last = end }
                  else { views += cpu; if (end > last) last = end } }
    /^cpu / { user = $2; sys = $3 }
    END { printf "phases of one more run: plan %.3f s, simulation %.3f s, result %.3f s, tail %.3f s after the result (store %.2f s CPU, views %.2f s CPU); %s s user, %s s system\n",
                 phase["plan"], phase["simulation"], phase["result"], last - resultEnd, store, views, user, sys }
' "$work/timing"

times=()
for _ in 1 2 3; do
    read -r seconds peak < <(measure "$bin" report "$out" --quiet)
    times+=("$seconds")
done
echo "carecap report (html, xlsx, md from results.gpkg): median $(median3 "${times[@]}") s of ${times[*]}, peak ${peak} MiB; load $(load)"
echo "store: $(du -m "$out/results.gpkg" | cut -f1) MiB; report.html $(du -m "$out/report.html" | cut -f1) MiB; report.xlsx $(du -m "$out/report.xlsx" | cut -f1) MiB"

times=(); peaks=()
for _ in 1 2 3; do
    rm -rf "$work/project"
    read -r seconds peak < <(measure "$bin" project Benchmarks/all-counties-2050-mc.yaml --out "$work/project" --detail single-year --quiet)
    times+=("$seconds"); peaks+=("$peak")
done
echo "carecap project (every county, 2020-2050, single-year population.csv + service_ages.csv): median $(median3 "${times[@]}") s of ${times[*]} (goal ≤ 2 s), peak $(printf '%s\n' "${peaks[@]}" | sort -n | tail -1) MiB; $(du -m "$work/project/population.csv" | cut -f1) MiB population.csv; load $(load)"

# Sharded (issue 15): the same national run in 8 shards, one after another (--jobs as the run above),
# then `carecap merge`: per-shard CPU and peak, the merge's wall, CPU and peak, and whether every merged
# file equals the single run's (the last of the three above).
shards=8
shard_cpu=(); shard_peak=()
for k in $(seq 1 $shards); do
    read -r user peak < <(/usr/bin/time -f "%U %M" "$bin" run Benchmarks/all-counties-2050-mc.yaml --shard "$k/$shards" \
        --out "$work/shard-$k" --quiet 2>&1 >/dev/null | tail -1 | awk '{ printf "%s %.0f\n", $1, $2 / 1024 }')
    shard_cpu+=("$user"); shard_peak+=("$peak")
done
read -r seconds user peak < <(/usr/bin/time -f "%e %U %M" "$bin" merge "$work"/shard-* --out "$work/merged" --quiet \
    2>&1 >/dev/null | tail -1 | awk '{ printf "%s %s %.0f\n", $1, $2, $3 / 1024 }')
differing=$(for f in "$out"/*; do cmp -s "$f" "$work/merged/$(basename "$f")" || basename "$f"; done | tr '\n' ' ')
echo "carecap run --shard k/$shards (every county, 1000 draws, no views): CPU ${shard_cpu[*]} s, peak ${shard_peak[*]} MiB; shard folders $(du -cm "$work"/shard-* | tail -1 | cut -f1) MiB"
echo "carecap merge of the $shards shards (store + CSV + reports): ${seconds} s wall, ${user} s CPU, peak ${peak} MiB; files differing from the single run: ${differing:-none}; load $(load)"
