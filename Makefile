# deft-sim: two commands from a fresh machine.
#   make demo   installs what is missing, builds in release mode and runs the main job
#   make test   the same setup, then the test suite (release), a debug-build pass of the suites
#               that train no model (every precondition, bounds, overflow and exclusivity check
#               and assert on), the format check, a quick end-to-end PEFT/DEFT run checked
#               against a speedup baseline, the README tour, kill -9 at random moments
#               (scripts/kill-test.sh), a sweep as a 4-task Slurm job array + merge job on a
#               single-node cluster it brings up (scripts/slurm-test.sh; installs slurm-wlm and
#               munge) and a 20 s fuzz smoke of every harness (scripts/fuzz.sh)
SWIFT ?= swift
BIN := .build/release/deft-sim
export OPENBLAS_NUM_THREADS ?= 2

.PHONY: demo test setup deps model build lint format clean

demo: build
	$(BIN) demo $(DEMO_ARGS)

# Suites left out of the debug pass: they train real models (minutes in release, an hour in a
# debug build), run the 135M-parameter decoder or drive the built binary, and run in the release
# pass.
DEBUG_SKIP := TrainingRunTests|RealModelGradientTests|DeftSimCommandsTests|SmolLM2GoldenTests|DecoderSQuADEvaluationTests|DecoderLoRAIdentityTests

test: build
	$(SWIFT) test -c release
	$(SWIFT) test -c debug --skip "$(DEBUG_SKIP)"
	$(MAKE) lint
	scripts/quick-e2e.sh
	scripts/readme-commands.sh
	scripts/kill-test.sh
	scripts/slurm-test.sh
	FUZZ_SEED=1 scripts/fuzz.sh 20

setup: deps model

deps:
	@scripts/install-deps.sh

model: deps
	@scripts/fetch-model.sh

build: setup
	$(SWIFT) build -c release

lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Package.swift Fuzz/Sources Fuzz/Package.swift

format:
	$(SWIFT) format format --in-place --recursive Sources Tests Package.swift Fuzz/Sources \
	  Fuzz/Package.swift

clean:
	rm -rf .build .build-fuzz
