#!/usr/bin/env bash
# scripts/fuzz.sh [SECONDS] [HARNESS...]: builds the libFuzzer harnesses of Fuzz/ with
# -sanitize=fuzzer,address and runs each for SECONDS (default 60) from the committed seed corpus
# (Fuzz/Corpus/HARNESS) plus what earlier runs found (.build-fuzz/corpus/HARNESS). Prints the
# executions and findings of each; exits 1 if any harness found a crash, a leak, a timeout
# (> 10 s for one input) or an allocation beyond 2 GiB, with the input saved under
# .build-fuzz/findings/ (replay one: .build-fuzz/build/release/HARNESS FILE). libFuzzer stops at
# the first finding; FUZZ_KEEP_GOING=1 runs in fork mode and keeps fuzzing past findings for the
# whole time (for long runs); FUZZ_SEED=N fixes libFuzzer's random seed. See
# docs/hostile-input.md, "Fuzzing".
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true
all=(fuzz-trace-bytes fuzz-trace-structured fuzz-hwconfig fuzz-safetensors fuzz-vocab
  fuzz-checkpoint fuzz-npz fuzz-gguf)
harnesses=("$@")
if ((${#harnesses[@]} == 0)); then harnesses=("${all[@]}"); fi

work=.build-fuzz
echo "fuzz: building Fuzz/ with -sanitize=fuzzer,address (first build takes a few minutes)"
# A path dependency's new source files are only seen once the build plan is made again.
rm -f "$work/build/release.yaml"
for harness in "${harnesses[@]}"; do
  # SwiftPM passes -sanitize=fuzzer to every module, but coverage counters are only emitted
  # for the module holding the harness unless asked for explicitly.
  swift build --package-path Fuzz -c release --sanitize fuzzer --sanitize address \
    -Xswiftc -sanitize-coverage=edge,trace-cmp,inline-8bit-counters,pc-table \
    --scratch-path "$work/build" --product "$harness" 2>&1 |
    grep -v "Cannot export local symbol" | grep -E "error|warning: unre|Compiling|Build" | tail -n 3
done
bin="$work/build/release"
mkdir -p "$work/findings" "$work/logs"

seed=()
if [[ -n "${FUZZ_SEED:-}" ]]; then seed=(-seed="$FUZZ_SEED"); fi
keep_going=()
if [[ "${FUZZ_KEEP_GOING:-0}" == 1 ]]; then
  keep_going=(-fork=1 -ignore_crashes=1 -ignore_ooms=1 -ignore_timeouts=1)
fi
status=0
for harness in "${harnesses[@]}"; do
  [[ -x "$bin/$harness" ]] || { echo "fuzz: no harness $harness" >&2; exit 64; }
  corpus="$work/corpus/$harness"
  mkdir -p "$corpus"
  log="$work/logs/$harness.log"
  before=$(find "$work/findings" -name "$harness-*" | wc -l)
  # SWIFT_BACKTRACE off: libFuzzer reports the crash itself (the backtracer trips ASan).
  SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
    "$bin/$harness" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -malloc_limit_mb=2048 -max_len=65536 -print_final_stats=1 "${seed[@]}" "${keep_going[@]}" \
    -dict="Fuzz/Dictionaries/$harness.dict" -artifact_prefix="$work/findings/$harness-" \
    "$corpus" "Fuzz/Corpus/$harness" >"$log" 2>&1 || true
  # Executions: the final stats, or (fork mode) the last status line "#N: cov: …".
  executions=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' |
    tail -n 1 || true)
  if [[ -z "$executions" ]]; then
    executions=$(grep -o '^#[0-9]*' "$log" | tail -n 1 | tr -d '#' || true)
  fi
  after=$(find "$work/findings" -name "$harness-*" | wc -l)
  findings=$((after - before))
  elapsed=$(grep -oE 'time: [0-9]+s|runs in [0-9]+ second' "$log" | tail -n 1 | grep -oE '[0-9]+' |
    tail -n 1 || true)
  echo "fuzz: $harness: ${executions:-0} executions$([[ -n "$elapsed" ]] && echo " in $elapsed s"), $findings new findings"
  if ((findings > 0)) || [[ -z "$executions" ]]; then
    status=1
    grep -E "ERROR|Fatal error|Test unit written|SUMMARY" "$log" | head -n 8 | sed 's/^/  /'
  fi
done
exit "$status"
