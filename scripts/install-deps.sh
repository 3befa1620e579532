#!/usr/bin/env bash
# Installs the system libraries deft-sim links against (OpenBLAS, libzstd, zlib) when they are missing.
# Idempotent: does nothing when both are already installed.
set -euo pipefail
packages=(libopenblas-dev libzstd-dev zlib1g-dev pkg-config unzip)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing missing packages: ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
