#!/usr/bin/env bash
# Memory under a long closed-model run: 1,000 VUs with 10 ms think time for 10 minutes against nginx (core 0), sload
# run --direct on core 1. The generator's resident memory is sampled every 5 s. Goals: RSS under 100 MB, and flat
# (the last minute at most 1.1 x the first, and the least-squares trend over the second half under 1 MB per minute).
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
LOAD_SECONDS="$(python3 -c 'import re,sys; m=re.fullmatch(r"(\d+)(ms|s|m|h)", sys.argv[1]); print(int(int(m[1]) * {"ms": 0.001, "s": 1, "m": 60, "h": 3600}[m[2]]))' "$DURATION")"
echo "seconds,rss_kb" > "$WORK/rss.csv"
while kill -0 "$RUN_PID" 2>/dev/null; do
  rss="$(awk '/VmRSS/ {print $2}' "/proc/$RUN_PID/status" 2>/dev/null || true)"
  [ -n "$rss" ] && echo "$(( $(date +%s) - START )),$rss" >> "$WORK/rss.csv"
  sleep 5
done
wait "$RUN_PID" || true
grep -E "^\s*(│|\|) (small|total)|Verdict|Error|saturated" "$WORK/run.log" || tail -20 "$WORK/run.log"
python3 - "$WORK/rss.csv" "$LOAD_SECONDS" <<'PY'
import sys, csv
# Only the load phase counts: the process start (before the runtime is up) and the report built after the load are
# not the generator's steady state. The load starts a second or two after the process (runtime start, compiling the
# engine, the lead time), so samples up to DURATION after the process started are all inside it.
load_seconds = int(sys.argv[2])
rows = [(int(r["seconds"]), int(r["rss_kb"]) / 1024) for r in csv.DictReader(open(sys.argv[1]))]
after = [mb for t, mb in rows if t > load_seconds + 5]
rows = [(t, mb) for t, mb in rows if 5 <= t <= load_seconds]
if len(rows) < 4:
    sys.exit("too few RSS samples")
# Steady state: skip the first 10 % (JIT, connection set-up).
body = rows[len(rows) // 10 :] or rows
peak = max(mb for _, mb in body)
mean = sum(mb for _, mb in body) / len(body)
# The trend is taken over the second half, once the heap has found its working size.
half = body[len(body) // 2 :]
n = len(half); mt = sum(t for t, _ in half) / n; mm = sum(mb for _, mb in half) / n
slope = sum((t - mt) * (mb - mm) for t, mb in half) / max(1e-9, sum((t - mt) ** 2 for t, _ in half)) * 60
print(f"RSS samples {len(rows)}; steady state min {min(mb for _, mb in body):.1f} MB, mean {mean:.1f} MB, max {peak:.1f} MB; "
      f"trend over the second half {slope:+.2f} MB/min (least squares)")
# The issue's rule: the last minute's RSS at most 1.1 x the first minute's (means of the samples in each minute).
end = rows[-1][0]
first = [mb for t, mb in rows if t < 60] or [rows[0][1]]
last = [mb for t, mb in rows if t > end - 60] or [rows[-1][1]]
ratio = (sum(last) / len(last)) / (sum(first) / len(first))
print(f"first minute mean {sum(first) / len(first):.1f} MB, last minute mean {sum(last) / len(last):.1f} MB: ratio {ratio:.2f} (goal <= 1.10)")
for t, mb in rows[:: max(1, len(rows) // 12)]:
    print(f"  {t:5d} s  {mb:6.1f} MB")
if after:
    print(f"after the load (building the report in the same process): peak {max(after):.1f} MB")
print(f"goals (RSS < 100 MB, last/first minute <= 1.1, trend under 1 MB/min): "
      f"{'met' if peak < 100 and ratio <= 1.1 and abs(slope) < 1 else 'NOT met'}")
PY
load_note
