#!/usr/bin/env bash
# kill -9 at random moments: `trace synth`, `report` and `train` (with `--resume`) killed while
# they write must leave at every moment either the old output or the complete new one, never a
# mix or a partial file under a final name; the next run must leave no partial files
# (.NAME.deft-sim-partial-*) behind; a train run killed and resumed again and again must end with
# the same checkpoint, trace and metrics.json (apart from its `measured` section) as an
# uninterrupted run. Run by `make test`; KILL_TRIALS=N (default 8) kills per command,
# KILL_SEED=N (default 1) the random moments.
set -euo pipefail
cd "$(dirname "$0")/.."
B=$PWD/.build/release/deft-sim
export OPENBLAS_CORETYPE=Haswell OPENBLAS_NUM_THREADS=1
trials=${KILL_TRIALS:-8}
RANDOM=${KILL_SEED:-1}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "kill -9: FAIL: $*"; failures=$((failures + 1)); }

# Sha-256 of every file under $1 (names relative), one line each, sorted; partials included.
state() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 -r sha256sum); }
partials() { find "$1" -name '*deft-sim-partial-*' | sort; }

# Starts the program "$@" (not a shell function: the kill must reach the writer itself) in the
# background and kills it with SIGKILL after a random delay in [0, $max_ms] ms.
kill_randomly() {
  local max_ms=$1
  shift
  "$@" >/dev/null 2>&1 &
  local pid=$!
  local ms=$((RANDOM % max_ms))
  sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# --- trace synth: the old trace (seed 1) or the new one (seed 2), never anything else.
synth_args() {
  echo "$B" trace synth --sequences 1500 --tokens 20-40 --density 0.3 --seed "$1" --out "$work/s/t.trace"
}
synth() { $(synth_args "$1"); }
# Milliseconds "$@" takes (the kills land anywhere in [0, 1.2 × that]).
milliseconds() {
  local start
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1
  echo $((($(date +%s%N) - start) * 12 / 10 / 1000000 + 1))
}
mkdir -p "$work/s"
window=$(milliseconds synth 2) && new=$(state "$work/s")
synth 1 >/dev/null && old=$(state "$work/s")
outcomes=""
for ((i = 0; i < trials; i++)); do
  kill_randomly "$window" $(synth_args 2)
  now=$(state "$work/s" | grep -v deft-sim-partial || true)
  if [[ "$now" == "$old" ]]; then outcomes+=" old"; elif [[ "$now" == "$new" ]]; then
    outcomes+=" new"
    synth 1 >/dev/null
  else fail "trace synth: t.trace is neither the old nor the new trace"; fi
done
synth 1 >/dev/null
[[ -z "$(partials "$work/s")" ]] || fail "trace synth: partial files after the next run: $(partials "$work/s")"
echo "kill -9 trace synth: $trials kills (window $window ms), outcomes:$outcomes; no partial files after the next run"

# --- report: the old directory (density 0.2 traces) or the new one (0.5), never a mix.
mkdir -p "$work/r"
for d in 0.2 0.5; do
  for m in peft deft; do
    "$B" trace synth --sequences 200 --tokens 20-40 --density "$d" --seed 3 \
      $([[ $m == deft ]] && echo --deft) --out "$work/r/$m-$d.trace" >/dev/null
  done
done
report_args() {
  echo "$B" report --peft "$work/r/peft-$1.trace" --deft "$work/r/deft-$1.trace" \
    --hw hwconfigs/sparse-npu.json hwconfigs/edge-npu.json --out "$work/r/out"
}
report() { $(report_args "$1"); }
window=$(milliseconds report 0.5) && new=$(state "$work/r/out")
report 0.2 >/dev/null && old=$(state "$work/r/out")
outcomes=""
for ((i = 0; i < trials; i++)); do
  kill_randomly "$window" $(report_args 0.5)
  now=$(state "$work/r/out")
  if [[ "$now" == "$old" ]]; then outcomes+=" old"; elif [[ "$now" == "$new" ]]; then
    outcomes+=" new"
    report 0.2 >/dev/null
  else fail "report: the directory is neither the old nor the new report"; fi
done
report 0.2 >/dev/null
[[ -z "$(partials "$work/r")" ]] || fail "report: partial files after the next run: $(partials "$work/r")"
echo "kill -9 report: $trials kills (window $window ms), outcomes:$outcomes; no partial files after the next run"

# --- train: killed and resumed until done == uninterrupted (checkpoint, trace, metrics.json).
train_args() {
  echo "$B" train --task sst2 --method lora --max-steps 12 --batch-size 8 --train-limit 96 \
    --eval-limit 48 --deft --density-eps 1e-3 --seed 0 --threads 1 --checkpoint-every 2 \
    --out "$work/t/run" "$@"
}
train() { $(train_args "$@"); }
without_measured() {
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d.pop("measured"); print(json.dumps(d, sort_keys=True))' "$1"
}
mkdir -p "$work/t"
window=$(milliseconds train)
expected="$(sha256sum <"$work/t/run/checkpoint.safetensors") $(sha256sum <"$work/t/run/trace.zst") $(without_measured "$work/t/run/metrics.json" | sha256sum)"
rm -rf "$work/t/run"
kills=0
until [[ -f "$work/t/run/metrics.json" ]]; do
  if [[ -f "$work/t/run/checkpoint.safetensors" ]]; then mode=--resume; else mode=--overwrite; fi
  if ((kills < trials)); then
    kill_randomly "$window" $(train_args "$mode")
    kills=$((kills + 1))
  else
    train "$mode" >/dev/null 2>&1 || fail "train $mode after $kills kills"
  fi
done
found="$(sha256sum <"$work/t/run/checkpoint.safetensors") $(sha256sum <"$work/t/run/trace.zst") $(without_measured "$work/t/run/metrics.json" | sha256sum)"
[[ "$found" == "$expected" ]] || fail "train: killed and resumed run differs from the uninterrupted one"
[[ -z "$(partials "$work/t")" ]] || fail "train: partial files after the last run: $(partials "$work/t")"
echo "kill -9 train: $kills kills (window ${window} ms), resumed to the end: checkpoint, trace and metrics.json (without measured) equal the uninterrupted run's; no partial files"

((failures == 0)) || exit 1
