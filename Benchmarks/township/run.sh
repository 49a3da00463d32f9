#!/usr/bin/env bash
# Township-scale benchmark of sharded runs (issue 15), by hand, never in CI:
#   (a) writes the synthetic township census (scripts/township_census.py) if it is missing;
#   (b) runs `carecap run township-2050.yaml --shard K/N` for K = 1..N as local processes, PARALLEL at a
#       time, each under /usr/bin/time -v (wall time, peak RSS);
#   (c) runs `carecap merge` over the N folders, timed the same way;
#   (d) prints per shard: areas, regions cut, wall, CPU, peak RSS, folder size; then the merge's wall,
#       RSS and output size, and the end-to-end cell-update rate (areas × steps × 202 cells × draws / s).
#
#   bash Benchmarks/township/run.sh                       # N = 8 shards, 2 at a time, --jobs 1 each
#   SHARDS=16 PARALLEL=1 JOBS=2 bash Benchmarks/township/run.sh
#
# Settings (environment): CARECAP (default .build/release/carecap: `swift build -c release --product
# carecap` first), SHARDS (8), PARALLEL (shards at once, 2 = this machine's cores), JOBS (--jobs per shard,
# 1: PARALLEL × JOBS should not pass the cores), WORK (scratch folder, /tmp/carecap-township; emptied),
# SCENARIO (default township-2050.yaml beside this script; a shorter copy makes a smoke test),
# MERGE_OPTIONS (extra merge options, e.g. "--no-report"; default none: the single run's full output).
#
# Status: run end to end on the real scenario (SHARDS=8 PARALLEL=2 JOBS=1): 2026-11-30, shards 190.7 CPU-s
# in all, merge 41.7 s wall and 5,980 MiB peak, 6.6 GB run folder; 2026-11-29 (a771ae1): 811 CPU-s, merge
# 140.7 s and 8,193 MiB (docs/SCALING.md).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

CARECAP="${CARECAP:-$root/.build/release/carecap}"
SHARDS="${SHARDS:-8}"
PARALLEL="${PARALLEL:-2}"
JOBS="${JOBS:-1}"
WORK="${WORK:-/tmp/carecap-township}"
SCENARIO="${SCENARIO:-$here/township-2050.yaml}"
MERGE_OPTIONS="${MERGE_OPTIONS:-}"
CENSUS="$here/data/township_age5_sex.csv"

die() { echo "township bench: $*" >&2; exit 1; }
for name in SHARDS PARALLEL JOBS; do
    [[ "${!name}" =~ ^[1-9][0-9]*$ ]] || die "$name must be a positive whole number, not '${!name}'"
done
command -v python3 >/dev/null || die "needs python3 (census generator and the table)"
# GNU time's -v and -o: the shell's `time` gives no peak RSS.
/usr/bin/time -v -o /dev/null true 2>/dev/null || die "needs GNU time at /usr/bin/time (apt-get install time)"

# (a) The census is generated, not committed (Benchmarks/township/.gitignore): same input, same file.
if [ ! -f "$CENSUS" ]; then
    python3 "$root/scripts/township_census.py" --output "$CENSUS"
fi

[ -x "$CARECAP" ] || die "no carecap binary at $CARECAP (swift build -c release --product carecap, or set CARECAP)"
# A binary from before issue 15 would reject --shard only after loading the census; say so at once.
"$CARECAP" run --help 2>/dev/null | grep -q -- '--shard' \
    || die "$CARECAP has no 'run --shard' (issue 15): build a version with sharded runs"
"$CARECAP" help merge >/dev/null 2>&1 || die "$CARECAP has no 'merge' subcommand (issue 15)"

# A fresh scratch folder: shards of an earlier N or scenario must not be merged or measured.
case "$WORK" in /|"$HOME"|"$root") die "WORK=$WORK would be emptied: choose a scratch folder" ;; esac
rm -rf "$WORK"
mkdir -p "$WORK/shards" "$WORK/logs"

load="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
echo "township bench: $SHARDS shards, $PARALLEL at a time, --jobs $JOBS each, $(nproc) cores, load $load"

# (b) Shards. xargs -P keeps PARALLEL processes running; each shard's status is read from its time file
# afterwards, so one failure does not hide the others'.
export CARECAP SCENARIO SHARDS WORK JOBS
start=$(date +%s.%N)
seq 1 "$SHARDS" | xargs -P "$PARALLEL" -I{} bash -c '
    k={}
    /usr/bin/time -v -o "$WORK/logs/shard-$k.time" \
        "$CARECAP" run "$SCENARIO" --shard "$k/$SHARDS" --out "$WORK/shards/shard-$k-of-$SHARDS" \
        --jobs "$JOBS" --quiet > "$WORK/logs/shard-$k.log" 2>&1 || true'
end=$(date +%s.%N)
shards_wall=$(python3 -c "print(f'{$end - $start:.2f}')")
failed=()
for ((k = 1; k <= SHARDS; k++)); do
    grep -q 'Exit status: 0' "$WORK/logs/shard-$k.time" 2>/dev/null || failed+=("$k")
done
if (( ${#failed[@]} > 0 )); then
    for k in "${failed[@]}"; do echo "--- shard $k:" >&2; tail -5 "$WORK/logs/shard-$k.log" >&2 || true; done
    die "shard(s) ${failed[*]} failed (logs in $WORK/logs)"
fi

# (c) Merge, shard folders named 1..N in order.
dirs=()
for ((k = 1; k <= SHARDS; k++)); do dirs+=("$WORK/shards/shard-$k-of-$SHARDS"); done
read -r -a merge_options <<< "$MERGE_OPTIONS"
if ! /usr/bin/time -v -o "$WORK/logs/merge.time" "$CARECAP" merge "${dirs[@]}" --out "$WORK/run" --quiet \
        ${merge_options[@]+"${merge_options[@]}"} > "$WORK/logs/merge.log" 2>&1; then
    tail -5 "$WORK/logs/merge.log" >&2 || true
    die "merge failed (log $WORK/logs/merge.log)"
fi

# (d) The table.
python3 - "$WORK" "$SHARDS" "$shards_wall" <<'PY'
import json, os, re, sys

work, shards, shards_wall = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])

def timing(path):
    """Wall seconds, CPU seconds and peak RSS (MiB) from a GNU time -v file."""
    text = open(path).read()
    def field(label):
        return re.search(re.escape(label) + r"\s*:\s*(\S+)", text).group(1)
    parts = [float(p) for p in field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":")]
    wall = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
    cpu = float(field("User time (seconds)")) + float(field("System time (seconds)"))
    return wall, cpu, int(field("Maximum resident set size (kbytes)")) / 1024

def size(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(path) for f in files)

print(f"{'shard':>7} {'areas':>7} {'cut regions':>11} {'wall s':>8} {'CPU s':>8} {'peak MiB':>9} {'folder MB':>10}")
total_areas = total_cpu = total_bytes = 0
peak = 0.0
manifest = None
for k in range(1, shards + 1):
    folder = os.path.join(work, "shards", f"shard-{k}-of-{shards}")
    manifest = json.load(open(os.path.join(folder, "shard.json")))
    wall, cpu, rss = timing(os.path.join(work, "logs", f"shard-{k}.time"))
    areas = len(manifest["areas"])
    bytes_ = size(folder)
    total_areas += areas; total_cpu += cpu; total_bytes += bytes_; peak = max(peak, rss)
    print(f"{k:>4}/{shards:<2} {areas:>7} {len(manifest['partial_regions']):>11} {wall:>8.1f} {cpu:>8.1f} {rss:>9.0f} {bytes_ / 1e6:>10.1f}")
print(f"{'all':>7} {total_areas:>7} {'':>11} {shards_wall:>8.1f} {total_cpu:>8.1f} {peak:>9.0f} {total_bytes / 1e6:>10.1f}"
      "   (wall: all shards, as run; peak: the largest)")
if total_areas != manifest["run_area_count"]:
    print(f"warning: the shards hold {total_areas} areas, the run {manifest['run_area_count']}")

wall, cpu, rss = timing(os.path.join(work, "logs", "merge.time"))
out = os.path.join(work, "run")
print(f"merge: {wall:.1f} s wall, {cpu:.1f} s CPU, {rss:.0f} MiB peak; run folder {size(out) / 1e6:.1f} MB")
for name in sorted(os.listdir(out)):
    print(f"    {name:<24} {size(os.path.join(out, name)) / 1e6:>10.1f} MB")
steps = manifest["horizon"] - manifest["base_year"] + 1
cells = manifest["run_area_count"] * steps * 202 * manifest["draws"]
print(f"end to end ({manifest['run_area_count']} areas x {steps} steps x 202 cells x {manifest['draws']} draws = "
      f"{cells / 1e9:.1f} G cell-updates): {cells / (shards_wall + wall) / 1e6:.0f} M cell-updates/s "
      f"(shards' wall + merge's), {cells / (total_cpu + cpu) / 1e6:.0f} M per CPU-second")
PY
