#!/usr/bin/env bash
# The quick end-to-end check that `make test` runs: trains tiny LoRA PEFT and DEFT runs on SST-2
# (40 steps of 16 sentences), evaluates them on 128 dev sentences writing their traces, and
# checks the estimated speedups on every hardware config (replayed in batches of 32 sequences,
# as the demo does) against the committed baseline
# .ci/quick-e2e-baseline.json (deft-sim check, 2 % relative tolerance). A change that breaks the
# pipeline or lowers the estimated speedup fails here.
#
#   scripts/quick-e2e.sh                     # check
#   scripts/quick-e2e.sh --update-baseline   # re-record after an intended change (commit it)
set -euo pipefail
cd "$(dirname "$0")/.."
B=.build/release/deft-sim
# Pin the BLAS kernels so that the traces do not depend on which x86 CPU runs CI.
export OPENBLAS_CORETYPE=Haswell
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
common=(--task sst2 --method lora --lora-targets all --max-steps 40 --batch-size 16 --lr 1e-3
  --train-limit 640 --eval-limit 128 --seed 0 --threads 2)
echo "quick end-to-end: PEFT"
$B train "${common[@]}" --out "$work/peft" --trace-out "$work/quick-peft.zst" 2>/dev/null | tail -n 3
echo "quick end-to-end: DEFT"
$B train "${common[@]}" --deft --density-eps 1e-2 --density-weight 5 --out "$work/deft" \
  --trace-out "$work/quick-deft.zst" 2>/dev/null | tail -n 3
$B check --baseline .ci/quick-e2e-baseline.json "$@" "$work/quick-peft.zst" "$work/quick-deft.zst" \
  --hw hwconfigs/*.json --batch-sequences 32
