#!/usr/bin/env bash
# Regenerates the example report shown in the repository: runs the demo into a temporary folder and keeps its
# report.md, report.json and charts. The charts are kept as SVG (text) and report.md is pointed at them, so the
# repository holds no binary images; `./sload demo` itself produces the PNGs beside them.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
"$ROOT/sload" demo --out "$OUT"
RUN="$(ls "$OUT")"
DEST="$ROOT/reports/examples"
rm -rf "$DEST/charts" "$DEST/report.md" "$DEST/report.json"
mkdir -p "$DEST/charts"
cp "$OUT/$RUN/report.json" "$DEST/report.json"
cp "$OUT/$RUN/charts/"*.svg "$DEST/charts/"
sed 's|(charts/\([a-z0-9-]*\)\.png)|(charts/\1.svg)|g' "$OUT/$RUN/report.md" > "$DEST/report.md"
echo "Example report of run $RUN written to $DEST"
