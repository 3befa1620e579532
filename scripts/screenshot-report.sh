#!/usr/bin/env bash
# Renders a report.html to PNG with headless Chromium, to check in a real browser that every
# chart renders with readable labels. Installs chromium with apt when it is missing.
#
#   scripts/screenshot-report.sh REPORT.html [OUT_DIR] [WIDTH]
#
# Writes OUT_DIR/report.png (the whole page, WIDTH px wide, default 1100) and OUT_DIR/chart-N.png
# (each chart alone, at its own size, easy to inspect), then prints every PNG with its size and
# the number of charts. OUT_DIR defaults to the directory of REPORT.html. Do not commit the PNGs.
set -euo pipefail

html=${1:?usage: scripts/screenshot-report.sh REPORT.html [OUT_DIR] [WIDTH]}
[ -f "$html" ] || { echo "error: $html: no such file" >&2; exit 1; }
out_dir=${2:-$(dirname "$html")}
width=${3:-1100}
mkdir -p "$out_dir"
out_dir=$(cd "$out_dir" && pwd)
abs_html=$(cd "$(dirname "$html")" && pwd)/$(basename "$html")

browser=""
for candidate in chromium chromium-browser google-chrome; do
  if command -v "$candidate" >/dev/null 2>&1; then browser=$candidate; break; fi
done
if [ -z "$browser" ]; then
  echo "chromium not found; installing it with apt-get" >&2
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null
  browser=chromium
fi

shoot() { # FILE.html OUT.png WIDTH HEIGHT
  "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --screenshot="$2" --window-size="$3,$4" "file://$1" >/dev/null 2>&1
  echo "$2: $(wc -c <"$2") bytes, $3x$4"
}

# One page per chart (the <svg> elements of the report, with their declared sizes).
charts=$(python3 - "$abs_html" "$out_dir" <<'PY'
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
svgs = re.findall(r"<svg .*?</svg>", html, re.S)
total = 0
for i, svg in enumerate(svgs):
    w = float(re.search(r'width="([0-9.]+)"', svg).group(1))
    h = float(re.search(r'height="([0-9.]+)"', svg).group(1))
    total += h
    with open(f"{sys.argv[2]}/chart-{i}.html", "w", encoding="utf-8") as f:
        f.write('<!DOCTYPE html><html><body style="margin:0">' + svg + "</body></html>")
    print(i, int(w) + 1, int(h) + 1)
print("total", int(total))
PY
)
count=0
svg_height=0
while read -r index w h; do
  if [ "$index" = total ]; then svg_height=$w; continue; fi
  shoot "$out_dir/chart-$index.html" "$out_dir/chart-$index.png" "$w" "$h"
  rm -f "$out_dir/chart-$index.html"
  count=$((count + 1))
done <<<"$charts"

# The whole page: chart heights plus room for the text and tables around them.
shoot "$abs_html" "$out_dir/report.png" "$width" $((svg_height + 150 * count + 2600))
echo "$count charts"
