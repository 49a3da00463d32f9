#!/usr/bin/env bash
# Submits a sharded CareCap run to Slurm: the shard array (carecap-array.sbatch, tasks 1..SHARDS), then
# the merge (carecap-merge.sbatch), held until every shard task has exited 0.
#
#   SCENARIO=/shared/carecap/Benchmarks/township/township-2050.yaml SHARDS=50 WORK=/shared/carecap-work \
#     bash examples/slurm/submit.sh
#
# Optional: CARECAP (binary or container command), ARRAY_LIMIT (at most this many shards at once, %M),
# CPUS (cores per shard, --cpus-per-task), RUN_DIR, MERGE_OPTIONS; extra arguments go to both sbatch
# calls (e.g. --partition=compute --account=myproject).
#
# Checked against the sbatch documentation and run with a stand-in sbatch (arguments and job ids as
# --parsable prints them, with a cluster name); NOT run on a real Slurm cluster (none in this environment).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

SCENARIO="${SCENARIO:?set SCENARIO to the scenario file (a path every node can read)}"
SHARDS="${SHARDS:-50}"
WORK="${WORK:-/scratch/$USER/carecap-work}"
CARECAP="${CARECAP:-carecap}"
CPUS="${CPUS:-2}"
ARRAY_LIMIT="${ARRAY_LIMIT:-}"

[[ "$SHARDS" =~ ^[1-9][0-9]*$ ]] || { echo "submit: SHARDS must be a positive whole number, not '$SHARDS'" >&2; exit 2; }
[ -f "$SCENARIO" ] || { echo "submit: no scenario file $SCENARIO" >&2; exit 2; }
# The jobs start in other processes, perhaps on other nodes: absolute paths only.
SCENARIO="$(cd "$(dirname "$SCENARIO")" && pwd)/$(basename "$SCENARIO")"
mkdir -p "$WORK/logs"
WORK="$(cd "$WORK" && pwd)"
export SCENARIO SHARDS WORK CARECAP
if [ -n "${RUN_DIR:-}" ]; then export RUN_DIR; fi
if [ -n "${MERGE_OPTIONS:-}" ]; then export MERGE_OPTIONS; fi

array="1-$SHARDS${ARRAY_LIMIT:+%$ARRAY_LIMIT}"
# --parsable prints "jobid" or "jobid;cluster" (multi-cluster sites): keep the id. --export=ALL passes
# the variables above even where the site sets SBATCH_EXPORT=NONE. Command-line options override the
# scripts' #SBATCH defaults.
array_job="$(sbatch --parsable --export=ALL --array="$array" --cpus-per-task="$CPUS" \
    --output="$WORK/logs/shard-%A_%a.out" "$@" "$here/carecap-array.sbatch")"
array_job="${array_job%%;*}"
# afterok on the array's job id waits for every task and counts the highest exit code of them all, so
# one failed shard holds the merge; --kill-on-invalid-dep=yes then cancels it instead of leaving it
# pending forever (the dependency can never be met). Rerun the failed tasks and submit the merge again.
merge_job="$(sbatch --parsable --export=ALL --dependency="afterok:$array_job" --kill-on-invalid-dep=yes \
    --output="$WORK/logs/merge-%j.out" "$@" "$here/carecap-merge.sbatch")"
merge_job="${merge_job%%;*}"

echo "submit: shards: job array $array_job (tasks $array), logs $WORK/logs/shard-${array_job}_K.out"
echo "submit: merge:  job $merge_job after all shards succeed, into ${RUN_DIR:-$WORK/run}"
echo "submit: watch with: squeue -j $array_job,$merge_job    times and peak memory: sacct -j $array_job,$merge_job --format=JobID,Elapsed,MaxRSS,State"
