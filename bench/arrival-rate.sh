#!/usr/bin/env bash
# constant-arrival-rate precision: sload quick --rate R (default 20,000/s for 30 s over 50 connections) against nginx
# pinned to core 0, sload on core 1. Goals: achieved rate within 1 % of the plan, timer lag p99 under 2 ms, no drops.
#   bench/arrival-rate.sh [RATE=20000] [DURATION=30s] [CONNECTIONS=50] [RUNS=1]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
RATE="${1:-20000}"; DURATION="${2:-30s}"; CONNECTIONS="${3:-50}"; RUNS="${4:-1}"
need taskset curl
start_nginx
echo "target $TARGET_URL (nginx on core $TARGET_CORE), sload on core $GENERATOR_CORE: $RATE/s for $DURATION over $CONNECTIONS connections"
load_note
for run in $(seq "$RUNS"); do
  taskset -c "$GENERATOR_CORE" dotnet "$CLI" quick "$TARGET_URL" --rate "$RATE" -c "$CONNECTIONS" -d "$DURATION" --json > "$WORK/run-$run.json"
  python3 - "$WORK/run-$run.json" "$RATE" "$run" <<'PY'
import sys, json, statistics
r = json.load(open(sys.argv[1])); rate = float(sys.argv[2]); run = sys.argv[3]
achieved = r["requests"] / r["durationSeconds"]
# Whole seconds only: the first and the last second of the timeline are partial.
per_second = r["perSecond"][1:-1] or r["perSecond"]
lag = r["generator"]["lagP99MaxMs"]
print(f"run {run}: {r['requests']} requests in {r['durationSeconds']} s = {achieved:.1f}/s "
      f"({100 * (achieved - rate) / rate:+.2f} % of plan); per second min {min(per_second)} median {statistics.median(per_second)} max {max(per_second)}")
print(f"       dropped {r['droppedArrivals']}, failures {r['failures']}, timer lag p99 worst second {lag} ms "
      f"(median second {r['generator']['lagP99MedianMs']} ms), CPU max {r['generator']['cpuMaxPercent']} %, "
      f"latency p99 {r['latencyMs']['p99']} ms, service p99 {r['serviceTimeMs']['p99']} ms")
ok = abs(achieved - rate) / rate <= 0.01 and lag < 2 and r["droppedArrivals"] == 0
print(f"       goals (rate within 1 %, lag p99 < 2 ms, no drops): {'met' if ok else 'NOT met'}")
PY
done
load_note
