#!/bin/sh
# Submit a sharded Monte Carlo sweep to Slurm: an array job of SHARDS tasks
# (task K runs shard K), then the merge, which starts only when every task
# succeeded. Settings in the environment, as deploy/sweep.sh describes:
#
#   ITERATIONS=10000000 SHARDS=100 SEED=1 OUT=/shared/popshift/sweep deploy/slurm/submit.sh
#
# OUT must be on a file system every node sees. popshift must run on the nodes:
# on the PATH (npm install -g of the package) or through POPSHIFT, for example
# POPSHIFT="apptainer exec popshift.sif popshift". At most MAX_PARALLEL tasks
# run at once (default 100). Extra sbatch options: SBATCH_OPTS (e.g. "--partition=short").
set -eu
here=$(cd "$(dirname "$0")" && pwd)
SWEEP="$(cd "$here/.." && pwd)/sweep.sh"
export SWEEP
sh "$SWEEP" check
last=$((SHARDS - 1))
# shellcheck disable=SC2086 # SBATCH_OPTS is a list of options
shards=$(sbatch --parsable ${SBATCH_OPTS:-} --array="0-$last%${MAX_PARALLEL:-100}" "$here/shard.sbatch")
shards=${shards%%;*}
# shellcheck disable=SC2086
merge=$(sbatch --parsable ${SBATCH_OPTS:-} --dependency="afterok:$shards" "$here/merge.sbatch")
merge=${merge%%;*}
echo "popshift sweep: shards are array job $shards (tasks 0-$last), the merge is job $merge; results in $OUT/merged"
