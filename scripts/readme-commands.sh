#!/usr/bin/env bash
# Runs every command of the README's tour exactly as written, so that the README never shows a
# command that does not work (part of `make test`). The tour is the ```sh block that follows the
# line `<!-- tour: run by scripts/readme-commands.sh -->`.
set -euo pipefail
cd "$(dirname "$0")/.."
script=$(awk '
  /<!-- tour: run by scripts\/readme-commands.sh -->/ { armed = 1; next }
  armed && /^```sh/ { inside = 1; next }
  inside && /^```/ { exit }
  inside { print }
' README.md)
if [ -z "$script" ]; then
  echo "scripts/readme-commands.sh: no tour block found in README.md" >&2
  exit 1
fi
echo "README tour: $(grep -c '^\$B ' <<<"$script") commands"
bash -euo pipefail -c "$script" >/tmp/deft-sim-readme-tour.log 2>&1 || {
  echo; echo "README tour failed; last lines of /tmp/deft-sim-readme-tour.log:" >&2
  tail -n 30 /tmp/deft-sim-readme-tour.log >&2
  exit 1
}
echo "README tour: ok (output in /tmp/deft-sim-readme-tour.log)"
