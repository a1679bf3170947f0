#!/usr/bin/env bash
# Requests per second over TLS and HTTP/2: sload against wrk (HTTPS over HTTP/1.1) and h2load (HTTP/2 over TLS and in
# clear text, at the same connections x streams), all hitting one nginx (one worker on core 0, access log off, a 3-byte
# static file; TLS with a self-signed certificate made for the run) from core 1. Plain HTTP/1.1 (wrk) is the reference.
# Runs are interleaved (the order rotates every round); medians and sload / peer ratios are printed, with sload's peak
# memory during the load, whether nginx served exactly what sload counted, and the machine's load. Goal: ratios >= 0.90.
#   bench/https-throughput.sh [ROUNDS=5] [SECONDS=10] [CONNECTIONS=50]
# CASES picks rows (default "http https h2 h2c"). SLOAD_MODE=plan runs `sload run --direct` on a generated plan instead
# of `sload quick`. BASELINE_CLI=path/to/sload.dll adds another build's `run --direct` to every row (interleaved, its
# plans without streamsPerConnection when BASELINE_STREAMS=0, for builds that predate it): before/after in one run.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROUNDS="${1:-5}"; SECONDS_PER_RUN="${2:-10}"; CONNECTIONS="${3:-50}"
CASES="${CASES:-http https h2 h2c}"
SLOAD_MODE="${SLOAD_MODE:-quick}"
need wrk h2load taskset curl
start_nginx_tls
echo "nginx on core $TARGET_CORE ($HTTP_URL, $HTTPS_URL, h2c $H2C_URL), generators on core $GENERATOR_CORE,"
echo "$CONNECTIONS connections (HTTP/2: 1 x $CONNECTIONS streams and $CONNECTIONS x 1), ${SECONDS_PER_RUN}s per run, sload as $SLOAD_MODE${BASELINE_CLI:+, baseline $BASELINE_CLI}"
load_note

on_core() { taskset -c "$GENERATOR_CORE" "$@"; }
run_wrk() { on_core wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" "$1" | awk '/Requests\/sec/ {print $2}'; }

# h2load URL CONNECTIONS STREAMS: requests/s over the measured duration.
run_h2load() {
  on_core h2load -t1 -c"$2" -m"$3" -D"$SECONDS_PER_RUN" --warm-up-time=1 "$1" 2>&1 | awk '/^finished in/ {gsub(",", "", $4); print $4}'
}

# Runs the command on the generator core, sampling its resident memory every 0.25 s while the load runs (the process's
# first SECONDS + 2 s: start-up and the load, not the report a plan run builds afterwards); SAMPLED_RSS = largest (KB).
sampled() {
  taskset -c "$GENERATOR_CORE" "$@" &
  local pid=$! until=$(( $(date +%s%N) + (SECONDS_PER_RUN + 2) * 1000000000 )) rss peak=0
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$(date +%s%N)" -lt "$until" ]; then
      rss="$(awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)"
      [ -n "$rss" ] && [ "$rss" -gt "$peak" ] && peak="$rss"
    fi
    sleep 0.25
  done
  wait "$pid" || true
  SAMPLED_RSS="$peak"
}

# sload|baseline URL CONNECTIONS STREAMS PROTOCOL(1.1|2) KEY: requests/s. Records its peak RSS, and what nginx served
# during the run (less the status request that read the counter) beside what it counted.
run_sload() {
  local tool="$1" url="$2" conns="$3" streams="$4" version="$5" key="$6" cli="$CLI" mode="$SLOAD_MODE" with_streams=1
  local vus=$(( conns * streams )) before counted
  [ "$tool" = baseline ] && cli="$BASELINE_CLI" && mode=plan && with_streams="${BASELINE_STREAMS:-1}"
  before="$(nginx_requests)"
  if [ "$mode" = plan ]; then
    local extra=""
    [ "$version" = 2 ] && [ "$with_streams" != 0 ] && extra="    streamsPerConnection: $streams"
    cat > "$WORK/plan.yaml" <<PLAN
name: https-throughput
target: ${url%/small}
scenarios:
  - name: load
    vus: $vus
    duration: ${SECONDS_PER_RUN}s
    gracefulStop: 5s
    httpVersion: "$version"
    insecureSkipTLSVerify: true
$extra
    requests:
      - name: small
        path: /small
PLAN
    rm -rf "$WORK/out"
    sampled dotnet "$cli" run "$WORK/plan.yaml" --direct --out "$WORK/out" > "$WORK/run.log" 2>&1
    counted="$(python3 -c 'import sys, json, glob; print(json.load(open(glob.glob(sys.argv[1] + "/*/report.json")[0]))["totals"]["requests"])' "$WORK/out")"
    python3 -c 'import sys; print(round(int(sys.argv[1]) / float(sys.argv[2]), 1))' "$counted" "$SECONDS_PER_RUN"
  else
    local flags=()
    [ "$version" = 2 ] && flags=(--http2 --streams "$streams")
    sampled dotnet "$cli" quick "$url" -c "$conns" "${flags[@]}" --insecure -d "${SECONDS_PER_RUN}s" --json > "$WORK/sload.json"
    counted="$(json_field requests < "$WORK/sload.json")"
    json_field rps < "$WORK/sload.json"
  fi
  echo "$key $tool $SAMPLED_RSS" >> "$WORK/rss"
  echo "$key $tool $(( $(nginx_requests) - before - 1 )) $counted" >> "$WORK/served"
}

# Every entry: "CASE TOOL|COMMAND".
RUNS=()
add_sload() { RUNS+=("$1 sload|run_sload sload $2 $1"); [ -n "${BASELINE_CLI:-}" ] && RUNS+=("$1 baseline|run_sload baseline $2 $1"); true; }
for c in $CASES; do
  case "$c" in
    http) RUNS+=("http wrk|run_wrk $HTTP_URL"); add_sload http "$HTTP_URL $CONNECTIONS 1 1.1" ;;
    https) RUNS+=("https wrk|run_wrk $HTTPS_URL"); add_sload https "$HTTPS_URL $CONNECTIONS 1 1.1" ;;
    h2 | h2c)
      url="$HTTPS_URL"; [ "$c" = h2c ] && url="$H2C_URL"
      RUNS+=("$c-1x$CONNECTIONS h2load|run_h2load $url 1 $CONNECTIONS"); add_sload "$c-1x$CONNECTIONS" "$url 1 $CONNECTIONS 2"
      RUNS+=("$c-${CONNECTIONS}x1 h2load|run_h2load $url $CONNECTIONS 1"); add_sload "$c-${CONNECTIONS}x1" "$url $CONNECTIONS 1 2" ;;
    *) echo "bench: unknown case '$c' (http https h2 h2c)" >&2; exit 2 ;;
  esac
done

on_core wrk -t1 -c"$CONNECTIONS" -d2s "$HTTPS_URL" >/dev/null   # warm nginx up
for round in $(seq "$ROUNDS"); do
  for i in $(seq 0 $(( ${#RUNS[@]} - 1 ))); do
    entry="${RUNS[$(( (round + i) % ${#RUNS[@]} ))]}"
    rps="$(${entry#*|})"
    echo "round $round  ${entry%%|*}  $rps req/s  (load $(cut -d' ' -f1 /proc/loadavg))" | tee -a "$WORK/results"
  done
done

echo
python3 - "$WORK" <<'PY'
import sys, statistics, os
work = sys.argv[1]
runs, rss = {}, {}
for line in open(os.path.join(work, "results")):
    parts = line.split()
    runs.setdefault(parts[2], {}).setdefault(parts[3], []).append(float(parts[4]))
for line in open(os.path.join(work, "rss")):
    case, tool, kb = line.split()
    rss.setdefault((case, tool), []).append(int(kb) / 1024)
print(f"{'case':<14} {'tool':<9} {'median':>10} {'/ peer':>7} {'RSS MB':>7}  runs")
for case, tools in runs.items():
    peer = next(t for t in tools if t in ("wrk", "h2load"))
    p = statistics.median(tools[peer])
    for tool in [peer] + [t for t in ("sload", "baseline") if t in tools]:
        m = statistics.median(tools[tool])
        memory = f"{statistics.median(rss[(case, tool)]):.0f}" if (case, tool) in rss else "-"
        print(f"{case:<14} {tool:<9} {m:>10.1f} {m / p:>7.2f} {memory:>7}  {sorted(tools[tool])}")
rows = [line.split() for line in open(os.path.join(work, "served"))]
bad = [r for r in rows if r[2] != r[3]]
print(f"nginx served exactly what sload counted in {len(rows) - len(bad)} of {len(rows)} runs"
      + "".join(f"; {case} {tool}: served {served}, counted {counted}" for case, tool, served, counted in bad))
PY
load_note
