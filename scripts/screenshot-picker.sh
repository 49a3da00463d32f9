#!/usr/bin/env bash
# Screenshot of a run's report.html opened at its county picker with #area=CODE, as docs/report-picker.png
# was made. Headless Chromium draws a page scrolled by script only inside a frame, so the report is shown
# in a 1200×1600 frame of a throwaway page. Not part of CI (the picker's test checks the DOM instead).
# Needs Debian's chromium and fonts-noto-cjk. Usage: scripts/screenshot-picker.sh RUN_DIR CODE OUT.png
set -euo pipefail
run=${1:?usage: scripts/screenshot-picker.sh RUN_DIR CODE OUT.png}
code=${2:?area code}
out=${3:?output png}
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "chromium not found: apt-get install -y chromium fonts-noto-cjk" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# CODE "charts" opens the charts section instead of the picker.
if [ "$code" = charts ]; then page="file://$(cd "$run" && pwd)/report.html#charts"; else page="file://$(cd "$run" && pwd)/report.html#area=$code"; fi
printf '<!DOCTYPE html><html><body style="margin:0"><iframe src="%s" style="border:0;width:1200px;height:1600px"></iframe></body></html>\n' "$page" > "$tmp/frame.html"
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --user-data-dir="$tmp/profile" \
  --allow-file-access-from-files --virtual-time-budget=10000 --window-size=1200,1600 \
  --screenshot="$(cd "$(dirname "$out")" && pwd)/$(basename "$out")" "file://$tmp/frame.html" 2>/dev/null
echo "wrote $out"
