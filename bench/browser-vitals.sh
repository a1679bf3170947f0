#!/usr/bin/env bash
# LCP and FCP of the demo target's shop page as a run's report shows them against what Chromium's own performance
# timeline gives for the same page: `sload run --direct` of one browser VU loading the page LOADS times (the report's
# p50), then the bench's browser-timeline loading it LOADS times in fresh contexts of the same Chromium and reading
# the timeline directly. Repeated RUNS times, interleaved; prints each and the medians.
#   bench/browser-vitals.sh [LOADS=20] [RUNS=3]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
LOADS="${1:-20}"; RUNS="${2:-3}"
need curl python3
BENCH="$ROOT/.build/bin/ServerlessLoad.Bench/release/ServerlessLoad.Bench.dll"
[ -f "$BENCH" ] || dotnet build "$ROOT/bench/ServerlessLoad.Bench" -c Release -v q >/dev/null
PORT="$(free_port)"
dotnet "$CLI" target --port "$PORT" > "$WORK/target.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$PORT/fast" >/dev/null 2>&1 && break; sleep 0.1; done
PAGE="http://127.0.0.1:$PORT/shop"
echo "page $PAGE, $LOADS loads per measurement, $RUNS rounds"
load_note
cat > "$WORK/plan.yaml" <<PLAN
name: browser-vitals
target: http://127.0.0.1:$PORT
scenarios:
  - name: visitor
    executor: per-vu-iterations
    vus: 1
    iterations: $LOADS
    maxDuration: 5m
    steps:
      - browser:
          name: home
          actions:
            - goto: /shop
            - expect: {visible: "#hero"}
PLAN
: > "$WORK/report.txt"; : > "$WORK/timeline.txt"
for round in $(seq "$RUNS"); do
  dotnet "$CLI" run "$WORK/plan.yaml" --direct --out "$WORK/out-$round" > "$WORK/run-$round.log" 2>&1 || true
  python3 - "$(ls "$WORK/out-$round"/*/report.json | head -1)" >> "$WORK/report.txt" <<'PY'
import json, sys
v = next(q for q in json.load(open(sys.argv[1]))["requests"] if q["name"] == "home")["vitals"]
print(v["ttfb"]["p50"], v["fcp"]["p50"], v["lcp"]["p50"])
PY
  echo "round $round report:   ttfb/fcp/lcp p50 $(tail -1 "$WORK/report.txt") ms (load $(cut -d' ' -f1 /proc/loadavg))"
  dotnet "$BENCH" browser-timeline "$PAGE" "$LOADS" > "$WORK/timeline-$round.log" 2>&1
  tail -1 "$WORK/timeline-$round.log" | sed -E 's/.*ttfb ([0-9.]+) ms  fcp ([0-9.]+) ms  lcp ([0-9.]+) ms/\1 \2 \3/' >> "$WORK/timeline.txt"
  echo "round $round timeline: ttfb/fcp/lcp median $(tail -1 "$WORK/timeline.txt") ms; lcp element: $(grep -o 'lcp element [a-z0-9]*' "$WORK/timeline-$round.log" | sort | uniq -c | tr '\n' ' ')"
done
python3 - "$WORK/report.txt" "$WORK/timeline.txt" <<'PY'
import statistics, sys
def cols(path): return list(zip(*[[float(x) for x in line.split()] for line in open(path) if line.strip()]))
report, timeline = cols(sys.argv[1]), cols(sys.argv[2])
for i, name in enumerate(["ttfb", "fcp", "lcp"]):
    print(f"{name}: report p50 median {statistics.median(report[i]):.1f} ms, timeline median {statistics.median(timeline[i]):.1f} ms")
PY
