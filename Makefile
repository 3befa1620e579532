# deft-sim: two commands from a fresh machine.
#   make demo   installs what is missing, builds in release mode and runs the main job
#   make test   the same setup, then the test suite, the format check, a quick end-to-end
#               PEFT/DEFT run checked against a speedup baseline, and the README tour
SWIFT ?= swift
BIN := .build/release/deft-sim
export OPENBLAS_NUM_THREADS ?= 2

.PHONY: demo test setup deps model build lint format clean

demo: build
	$(BIN) demo $(DEMO_ARGS)

test: build
	$(SWIFT) test -c release
	$(MAKE) lint
	scripts/quick-e2e.sh
	scripts/readme-commands.sh

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
	rm -rf .build
