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
  python3 - "$WORK/run-$run.json" "$RATE" "$run" "$WORK/summary.txt" <<'PY'
import sys, json, statistics
r = json.load(open(sys.argv[1])); rate = float(sys.argv[2]); run = sys.argv[3]
achieved = r["requests"] / r["durationSeconds"]
# Whole seconds only: the first and the last second of the timeline are partial.
per_second = r["perSecond"][1:-1] or r["perSecond"]
# Timer lag: p99 of every 1 ms timer sample of the run (the goal), and per second of the load (a second that starts at
# or after the planned end holds only the shutdown).
lag = r["generator"]["lagP99Ms"]
lags = r["generator"].get("lagP99PerSecondMs", [])[: int(r["durationSeconds"] + 0.5)]
print(f"run {run}: {r['requests']} requests in {r['durationSeconds']} s = {achieved:.1f}/s "
      f"({100 * (achieved - rate) / rate:+.2f} % of plan); per second min {min(per_second)} median {statistics.median(per_second)} max {max(per_second)}")
print(f"       dropped {r['droppedArrivals']}, failures {r['failures']}, timer lag p99 {lag} ms (max {r['generator']['lagMaxMs']} ms; "
      f"per second: median {r['generator']['lagP99MedianMs']} ms, worst {max(lags) if lags else 0} ms), CPU max {r['generator']['cpuMaxPercent']} %, "
      f"latency p99 {r['latencyMs']['p99']} ms, service p99 {r['serviceTimeMs']['p99']} ms")
if lags:
    worst = sorted(range(len(lags)), key=lambda i: -lags[i])[:3]
    print("       worst seconds (timer lag p99): " + ", ".join(f"second {i} {lags[i]} ms" for i in worst)
          + f"; seconds over 2 ms: {sum(1 for v in lags if v >= 2)} of {len(lags)}")
ok = abs(achieved - rate) / rate <= 0.01 and lag < 2 and r["droppedArrivals"] == 0
print(f"       goals (rate within 1 %, lag p99 < 2 ms, no drops): {'met' if ok else 'NOT met'}")
with open(sys.argv[4], "a") as summary:
    summary.write(f"{achieved} {lag} {max(lags) if lags else 0} {r['droppedArrivals']} {int(ok)}\n")
PY
done
python3 - "$WORK/summary.txt" "$RATE" <<'PY'
import sys, statistics
rows = [[float(v) for v in line.split()] for line in open(sys.argv[1])]
col = lambda i: statistics.median(r[i] for r in rows)
print(f"medians of {len(rows)} run(s): achieved {col(0):.1f}/s ({100 * (col(0) - float(sys.argv[2])) / float(sys.argv[2]):+.2f} %), "
      f"timer lag p99 {col(1):.3f} ms, worst second's p99 {col(2):.3f} ms, dropped {col(3):.0f}; "
      f"goals met in {sum(int(r[4]) for r in rows)} of {len(rows)} run(s)")
PY
load_note
