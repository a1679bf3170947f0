#!/usr/bin/env bash
# Memory under a long closed-model run: 1,000 VUs with 10 ms think time for 10 minutes against nginx (core 0), sload
# run --direct on core 1. The generator's resident memory is sampled every 5 s. Goals: RSS under 100 MB, and flat
# (growth over the second half below 2 MB).
#   bench/soak.sh [DURATION=10m] [VUS=1000] [THINK=10ms]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
DURATION="${1:-10m}"; VUS="${2:-1000}"; THINK="${3:-10ms}"
need taskset curl
start_nginx
echo "target $TARGET_URL (nginx on core $TARGET_CORE), sload on core $GENERATOR_CORE: $VUS VUs, think $THINK, for $DURATION"
load_note
cat > "$WORK/soak.yaml" <<PLAN
name: soak
target: ${TARGET_URL%/small}
scenarios:
  - name: soak
    vus: $VUS
    duration: $DURATION
    thinkTime: $THINK
    requests:
      - name: small
        path: /small
PLAN
taskset -c "$GENERATOR_CORE" dotnet "$CLI" run "$WORK/soak.yaml" --direct --out "$WORK/out" > "$WORK/run.log" 2>&1 &
RUN_PID=$!
PIDS+=($RUN_PID)
START=$(date +%s)
echo "seconds,rss_kb" > "$WORK/rss.csv"
while kill -0 "$RUN_PID" 2>/dev/null; do
  rss="$(awk '/VmRSS/ {print $2}' "/proc/$RUN_PID/status" 2>/dev/null || true)"
  [ -n "$rss" ] && echo "$(( $(date +%s) - START )),$rss" >> "$WORK/rss.csv"
  sleep 5
done
wait "$RUN_PID" || true
grep -E "^\s*(│|\|) (small|total)|Verdict|Error|saturated" "$WORK/run.log" || tail -20 "$WORK/run.log"
python3 - "$WORK/rss.csv" <<'PY'
import sys, csv
rows = [(int(r["seconds"]), int(r["rss_kb"]) / 1024) for r in csv.DictReader(open(sys.argv[1]))]
if len(rows) < 4:
    sys.exit("too few RSS samples")
# Steady state: skip the first 10 % (start-up, JIT, connection set-up) and the report building at the very end.
body = rows[len(rows) // 10 : -1] or rows
half = body[len(body) // 2 :]
peak = max(mb for _, mb in body)
growth = half[-1][1] - half[0][1]
print(f"RSS samples {len(rows)}; steady-state min {min(mb for _, mb in body):.1f} MB, max {peak:.1f} MB; "
      f"second half {half[0][1]:.1f} -> {half[-1][1]:.1f} MB ({growth:+.1f} MB)")
for t, mb in rows[:: max(1, len(rows) // 12)]:
    print(f"  {t:5d} s  {mb:6.1f} MB")
print(f"goals (RSS < 100 MB, second-half growth < 2 MB): {'met' if peak < 100 and growth < 2 else 'NOT met'}")
PY
load_note
