#!/bin/sh
# The command lines of a sharded Monte Carlo sweep, in one place: the
# Kubernetes manifests (deploy/kubernetes/), the Slurm scripts (deploy/slurm/)
# and the test that runs them (test/deploy/sweep.test.ts) all call this file.
#
#   sweep.sh shard [K]   run shard K of $SHARDS (K defaults to $JOB_COMPLETION_INDEX,
#                        then $SLURM_ARRAY_TASK_ID) into $OUT/shards/K/
#   sweep.sh wait        wait until every shard file is in $OUT/shards (at most $WAIT_TIMEOUT s)
#   sweep.sh merge       merge the shard files into $OUT/merged
#   sweep.sh check       check the settings and make $OUT (before submitting)
#
# Settings (environment):
#   SCENARIO    scenario file (default models/harrogate-integrated-care-uncertain.yaml)
#   ITERATIONS  iterations of the whole run (required)
#   SHARDS      number of shards (required; the Indexed Job's completions, the Slurm array's size)
#   SEED        seed (default 1)
#   OUT         a folder every task sees (the shared volume), e.g. /data/sweep (required)
#   WORKERS     threads per shard (default 1: one shard per CPU the scheduler gave)
#   POPSHIFT    the command that runs popshift (default popshift; e.g. on Slurm
#               "apptainer exec popshift.sif popshift")
#   WAIT_TIMEOUT seconds `wait` waits (default 86400)
#   TMPDIR      where the merge keeps the values on disk (default $OUT/tmp)
set -eu

: "${SCENARIO:=models/harrogate-integrated-care-uncertain.yaml}"
: "${SEED:=1}"
: "${WORKERS:=1}"
: "${POPSHIFT:=popshift}"
: "${WAIT_TIMEOUT:=86400}"
need() {
  eval "v=\${$1:-}"
  if [ -z "$v" ]; then
    echo "sweep.sh: set $1 ($2)" >&2
    exit 2
  fi
}
need ITERATIONS 'iterations of the whole run'
need SHARDS 'the number of shards'
need OUT 'a folder every task sees'
case "$SHARDS" in
  *[!0-9]* | 0)
    echo "sweep.sh: SHARDS must be a whole number of at least 1 (got '$SHARDS')" >&2
    exit 2
    ;;
esac

# The shard files that exist, in shard order.
shard_files() {
  k=0
  while [ "$k" -lt "$SHARDS" ]; do
    f="$OUT/shards/$k/shard-$k-of-$SHARDS.bin"
    if [ -f "$f" ]; then printf '%s\n' "$f"; fi
    k=$((k + 1))
  done
}

case "${1:-}" in
  shard)
    k="${2:-${JOB_COMPLETION_INDEX:-${SLURM_ARRAY_TASK_ID:-}}}"
    if [ -z "$k" ]; then
      echo 'sweep.sh shard: give the shard index K (or run as an Indexed Job or a Slurm array task)' >&2
      exit 2
    fi
    # Each shard writes its own folder: no two tasks ever write the same one.
    exec $POPSHIFT simulate "$SCENARIO" --iterations "$ITERATIONS" --seed "$SEED" --workers "$WORKERS" --shard "$k/$SHARDS" --out "$OUT/shards/$k"
    ;;
  wait)
    waited=0
    while [ "$(shard_files | wc -l)" -lt "$SHARDS" ]; do
      if [ "$waited" -ge "$WAIT_TIMEOUT" ]; then
        echo "sweep.sh wait: $(shard_files | wc -l) of $SHARDS shard files in $OUT/shards after $WAIT_TIMEOUT s" >&2
        exit 1
      fi
      sleep 10
      waited=$((waited + 10))
    done
    ;;
  merge)
    # Values beyond popshift's memory budget wait in a temporary file, a column
    # at a time: on the shared folder unless the machine gives a TMPDIR.
    TMPDIR="${TMPDIR:-$OUT/tmp}"
    export TMPDIR
    mkdir -p "$TMPDIR"
    # One argument per shard file found; `popshift merge` names any that are missing.
    set --
    IFS='
'
    set -f
    for f in $(shard_files); do set -- "$@" "$f"; done
    set +f
    unset IFS
    if [ "$#" -eq 0 ]; then
      echo "sweep.sh merge: no shard files in $OUT/shards" >&2
      exit 2
    fi
    exec $POPSHIFT merge "$@" --out "$OUT/merged"
    ;;
  check)
    mkdir -p "$OUT"
    ;;
  *)
    echo 'usage: sweep.sh shard [K] | wait | merge | check   (settings in the environment: see the top of this file)' >&2
    exit 2
    ;;
esac
