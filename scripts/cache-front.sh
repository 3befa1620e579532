#!/usr/bin/env bash
# Writes the demo's cached front, examples/fronts/sst2-front.json, as a portable copy of a
# sweep's front.json (`deft-sim sweep train SPEC --out SWEEP_DIR`): every point, Pareto mark,
# density, speedup and reference point is kept; what only holds on the machine that ran the sweep
# is rewritten so the file can be committed:
#   - the command's --model and --data options are dropped (the defaults find them),
#   - the spec (the "spec" field and the command's SPEC) becomes the repository's SPEC,
#   - the command's --out becomes runs/NAME (NAME: the spec's file name without .json), and each
#     point's runDirectory runs/NAME/points/POINT, as `sweep train SPEC --out runs/NAME` writes.
#
#   scripts/cache-front.sh SWEEP_DIR [SPEC [OUT]]
#     SPEC default examples/sweeps/sst2-front.json, OUT default examples/fronts/sst2-front.json
#   e.g. scripts/cache-front.sh runs/sst2-front     # after the sweep; then commit OUT
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 1 ] || [ $# -gt 3 ]; then
  sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 64
fi
sweep=$1
spec=${2:-examples/sweeps/sst2-front.json}
out=${3:-examples/fronts/sst2-front.json}
[ -f "$sweep/front.json" ] || { echo "Error: $sweep/front.json not found (run deft-sim sweep train SPEC --out $sweep first)" >&2; exit 1; }
[ -f "$spec" ] || { echo "Error: spec $spec not found (give the repository's spec the sweep ran)" >&2; exit 1; }
mkdir -p "$(dirname "$out")"
python3 - "$sweep/front.json" "$spec" "$out" <<'PY'
import json, os, shlex, sys
source, spec, out = sys.argv[1:4]
with open(source, encoding="utf-8") as f:
    front = json.load(f)
for key in ("command", "spec", "points", "configs"):
    if key not in front:
        sys.exit(f"Error: {source}: missing key '{key}' (not a front.json of deft-sim sweep train)")
recorded = front["spec"]
if os.path.isfile(recorded) and os.path.abspath(recorded) != os.path.abspath(spec):
    with open(recorded, "rb") as a, open(spec, "rb") as b:
        if a.read() != b.read():
            print(f"warning: the sweep ran {recorded}, which differs from {spec}", file=sys.stderr)
name = os.path.splitext(os.path.basename(spec))[0]
runs = f"runs/{name}"
words = shlex.split(front["command"])
kept, i = [], 0
while i < len(words):
    word = words[i]
    option = word.split("=", 1)[0]
    if option in ("--model", "--data", "--out"):
        i += 1 if "=" in word else 2
        if option == "--out":
            kept += ["--out", runs]
        continue
    kept.append(word)
    i += 1
# The spec is the first word after `sweep train` that is not an option or an option's value.
try:
    at = kept.index("train") + 1
    kept[at] = spec
except (ValueError, IndexError):
    sys.exit(f"Error: {source}: command {front['command']!r} is not a `deft-sim sweep train` command")
front["command"] = shlex.join(kept)
front["spec"] = spec
for point in front["points"]:
    point["runDirectory"] = f"{runs}/points/{point['name']}"
left = [w for w in kept if w.startswith("/")]
if left:
    print(f"warning: absolute paths left in the command: {' '.join(left)}", file=sys.stderr)
text = json.dumps(front, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
tmp = out + ".tmp"
with open(tmp, "w", encoding="utf-8") as f:
    f.write(text)
os.replace(tmp, out)
print(f"wrote {out} ({len(text.encode())} bytes, {len(front['points'])} points) from {source}")
PY
