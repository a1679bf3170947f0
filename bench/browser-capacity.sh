#!/usr/bin/env bash
# Browser VUs one runner sustains: `sload run --direct` (one process, like one runner) of constant-vus shoppers on the
# demo target's shop page (home: goto + expect; checkout: fill, select, click, wait for the confirmation), stepping the
# VUs up. For each step it prints iterations per second, the steps' p50/p95 durations and LCP p75, failures, the
# browser's CPU, and memory: the browser's processes (Chromium and Playwright's driver, proportional set size) plus the
# generator's working set, in total and per VU, from the run's generator health. Then the medians per step. Capacity is
# the last step whose iterations per second still grow about in proportion to the VUs while durations hold.
#   bench/browser-capacity.sh [VUS="1 2 4 6 8"] [RUNS=3] [SECONDS=20]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
VUS_LIST="${1:-1 2 4 6 8}"; RUNS="${2:-3}"; SECONDS_PER_RUN="${3:-20}"
need curl python3
[ -x "${SLOAD_CHROMIUM:-/usr/bin/chromium}" ] || { echo "bench: Chromium is missing (apt-get install -y chromium)" >&2; exit 2; }
PORT="$(free_port)"
dotnet "$CLI" target --port "$PORT" > "$WORK/target.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$PORT/fast" >/dev/null 2>&1 && break; sleep 0.1; done
echo "demo target on port $PORT; VUs: $VUS_LIST; $RUNS run(s) of $SECONDS_PER_RUN s each"
load_note
# The cap guards plans, not this measurement of it.
export Sload__MaxBrowserVusPerRunner=1000
echo "vus,run,iterations_per_s,home_p50_ms,home_p95_ms,checkout_p50_ms,checkout_p95_ms,lcp_p75_ms,failures,browser_cpu_max,browser_mb,generator_mb,mb_per_vu,load1" > "$WORK/results.csv"
for round in $(seq "$RUNS"); do
  for vus in $VUS_LIST; do
    cat > "$WORK/plan.yaml" <<PLAN
name: browser-capacity
target: http://127.0.0.1:$PORT
scenarios:
  - name: shoppers
    vus: $vus
    duration: ${SECONDS_PER_RUN}s
    gracefulStop: 10s
    steps:
      - browser:
          name: home
          actions:
            - goto: /shop
            - expect: {visible: "#hero"}
      - browser:
          name: checkout
          actions:
            - fill: {selector: "#name", value: "vu{{vu}}"}
            - select: {selector: "#size", value: m}
            - click: "#buy"
            - waitFor: {url: /shop/order}
            - expect: {text: {selector: "#thanks", contains: "Thank you"}}
PLAN
    out="$WORK/out-$vus-$round"
    dotnet "$CLI" run "$WORK/plan.yaml" --direct --out "$out" > "$WORK/run-$vus-$round.log" 2>&1 || true
    report="$(ls "$out"/*/report.json 2>/dev/null | head -1)"
    [ -n "$report" ] || { echo "vus $vus run $round: no report"; tail -5 "$WORK/run-$vus-$round.log"; continue; }
    python3 - "$report" "$vus" "$round" "$(cut -d' ' -f1 /proc/loadavg)" >> "$WORK/results.csv" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); vus = int(sys.argv[2])
req = {q["name"]: q for q in r["requests"]}
home, checkout = req.get("home", {}), req.get("checkout", {})
health = [s["health"] for s in r["slices"] if s.get("health")]
browser = max((h.get("browserMemoryBytesMax", 0) for h in health), default=0) / 2**20
generator = max((h.get("workingSetBytesMax", 0) for h in health), default=0) / 2**20
cpu = max((h.get("browserCpuPercentMax", 0) for h in health), default=0)
ips = home.get("requests", 0) / max(1, r["measuredSeconds"])
lcp = home.get("vitals", {}).get("lcp", {}).get("p75", 0)
fails = sum(q["failures"] for q in r["requests"])
print(f'{vus},{sys.argv[3]},{ips:.2f},{home["latencyMs"]["p50"]:.0f},{home["latencyMs"]["p95"]:.0f},{checkout["latencyMs"]["p50"]:.0f},'
      f'{checkout["latencyMs"]["p95"]:.0f},{lcp:.0f},{fails},{cpu:.0f},{browser:.0f},{generator:.0f},{(browser + generator) / vus:.0f},{sys.argv[4]}')
PY
    tail -1 "$WORK/results.csv"
  done
done
python3 - "$WORK/results.csv" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
print("\nmedians per step (iterations/s = home steps per measured second; memory = browser PSS + generator working set)")
print(f'{"VUs":>4} {"it/s":>6} {"home p50":>9} {"home p95":>9} {"chk p50":>8} {"chk p95":>8} {"LCP p75":>8} {"fail":>5} {"brCPU%":>7} {"brMB":>6} {"genMB":>6} {"MB/VU":>6} {"load":>5}')
for vus in sorted({int(r["vus"]) for r in rows}):
    group = [r for r in rows if int(r["vus"]) == vus]
    m = lambda k: statistics.median(float(r[k]) for r in group)
    print(f'{vus:>4} {m("iterations_per_s"):>6.2f} {m("home_p50_ms"):>9.0f} {m("home_p95_ms"):>9.0f} {m("checkout_p50_ms"):>8.0f} {m("checkout_p95_ms"):>8.0f} '
          f'{m("lcp_p75_ms"):>8.0f} {m("failures"):>5.0f} {m("browser_cpu_max"):>7.0f} {m("browser_mb"):>6.0f} {m("generator_mb"):>6.0f} {m("mb_per_vu"):>6.0f} {m("load1"):>5.1f}')
PY
