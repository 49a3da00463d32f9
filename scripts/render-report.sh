#!/usr/bin/env bash
# Renders a run's report.html with headless Chromium: a PNG of the page (for looking at the charts) and
# an A4 PDF (what printing gives). Not part of CI. Needs Debian's chromium (apt-get install -y chromium
# fonts-noto-cjk). Usage: scripts/render-report.sh RUN_DIR [OUT_DIR] [WIDTH] [HEIGHT]
set -euo pipefail
run=${1:?usage: scripts/render-report.sh RUN_DIR [OUT_DIR] [WIDTH] [HEIGHT]}
out=${2:-$run}
width=${3:-900}
height=${4:-6000}
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "chromium not found: apt-get install -y chromium fonts-noto-cjk" >&2; exit 2; }
mkdir -p "$out"
page="file://$(cd "$run" && pwd)/report.html"
flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --disable-background-networking --no-first-run)
"$browser" "${flags[@]}" --window-size="$width,$height" --screenshot="$out/report.png" "$page" 2>/dev/null
"$browser" "${flags[@]}" --no-pdf-header-footer --print-to-pdf="$out/report.pdf" "$page" 2>/dev/null
if command -v pdftoppm >/dev/null; then
  pdftoppm -r 60 -png "$out/report.pdf" "$out/page"
fi
echo "wrote $out/report.png and $out/report.pdf"
