#!/usr/bin/env bash
# Requests per second over TLS and HTTP/2: sload against wrk (HTTPS over HTTP/1.1) and h2load (HTTP/2 over TLS and in
# clear text, at the same connections x streams), all hitting one nginx (one worker on core 0, access log off, a 3-byte
# static file; TLS with a self-signed certificate made for the run) from core 1. Plain HTTP/1.1 (wrk) is the reference.
# Runs are interleaved (the order rotates every round); medians and sload / peer ratios are printed, with sload's peak
# memory during the load and the machine's load. Goals: every ratio at least 0.90.
#   bench/https-throughput.sh [ROUNDS=5] [SECONDS=10] [CONNECTIONS=50]
# CASES picks rows (default "http https h2 h2c"). SLOAD_MODE=plan runs `sload run --direct` on a generated plan instead
# of `sload quick` (SLOAD_PLAN_STREAMS=0 leaves streamsPerConnection out, for builds that predate it); with SLOAD_CLI
# another build's sload.dll.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROUNDS="${1:-5}"; SECONDS_PER_RUN="${2:-10}"; CONNECTIONS="${3:-50}"
CASES="${CASES:-http https h2 h2c}"
SLOAD_MODE="${SLOAD_MODE:-quick}"
need wrk h2load taskset curl
start_nginx_tls
echo "nginx on core $TARGET_CORE ($HTTP_URL, $HTTPS_URL, h2c $H2C_URL), generators on core $GENERATOR_CORE,"
echo "$CONNECTIONS connections (HTTP/2: 1 x $CONNECTIONS streams and $CONNECTIONS x 1), ${SECONDS_PER_RUN}s per run, sload as $SLOAD_MODE"
load_note

on_core() { taskset -c "$GENERATOR_CORE" "$@"; }
run_wrk() { on_core wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" "$1" | awk '/Requests\/sec/ {print $2}'; }

# h2load URL CONNECTIONS STREAMS: requests/s over the measured duration.
run_h2load() {
  on_core h2load -t1 -c"$2" -m"$3" -D"$SECONDS_PER_RUN" --warm-up-time=1 "$1" 2>&1 | awk '/^finished in/ {gsub(",", "", $4); print $4}'
}

# sload URL CONNECTIONS STREAMS PROTOCOL(1.1|2): requests/s; appends its peak RSS (KB) to $WORK/rss-KEY.
run_sload() {
  local url="$1" conns="$2" streams="$3" version="$4" key="$5" out="$WORK/sload.json" vus=$(( $2 * $3 ))
  if [ "$SLOAD_MODE" = plan ]; then
    local target="${url%/small}" extra=""
    [ "$version" = 2 ] && [ "${SLOAD_PLAN_STREAMS:-1}" != 0 ] && extra="    streamsPerConnection: $streams"
    cat > "$WORK/plan.yaml" <<PLAN
name: https-throughput
target: $target
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
    sampled dotnet "$CLI" run "$WORK/plan.yaml" --direct --out "$WORK/out" > "$WORK/run.log" 2>&1 || true
    python3 - "$WORK/out" "$SECONDS_PER_RUN" <<'PY'
import sys, json, glob
report = json.load(open(glob.glob(sys.argv[1] + "/*/report.json")[0]))
totals = report["totals"]
print(round(totals["requests"] / float(sys.argv[2]), 1))
PY
  else
    local flags=()
    [ "$version" = 2 ] && flags=(--http2 --streams "$streams")
    sampled dotnet "$CLI" quick "$url" -c "$conns" "${flags[@]}" --insecure -d "${SECONDS_PER_RUN}s" --json > "$out"
    json_field rps < "$out"
  fi
  echo "$SAMPLED_RSS" >> "$WORK/rss-$key"
}

# Runs the command, sampling its resident memory every 0.25 s while the load runs (the process's first SECONDS + 2 s:
# start-up and the load, not the report a plan run builds afterwards); sets SAMPLED_RSS to the largest sample (KB).
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

# Every row: KEY PEER-COMMAND... ; SLOAD-COMMAND...
RUNS=()
for c in $CASES; do
  case "$c" in
    http) RUNS+=("http wrk|run_wrk $HTTP_URL" "http sload|run_sload $HTTP_URL $CONNECTIONS 1 1.1 http") ;;
    https) RUNS+=("https wrk|run_wrk $HTTPS_URL" "https sload|run_sload $HTTPS_URL $CONNECTIONS 1 1.1 https") ;;
    h2 | h2c)
      url="$HTTPS_URL"; [ "$c" = h2c ] && url="$H2C_URL"
      RUNS+=("$c-1x$CONNECTIONS h2load|run_h2load $url 1 $CONNECTIONS" "$c-1x$CONNECTIONS sload|run_sload $url 1 $CONNECTIONS 2 $c-1x$CONNECTIONS"
        "$c-${CONNECTIONS}x1 h2load|run_h2load $url $CONNECTIONS 1" "$c-${CONNECTIONS}x1 sload|run_sload $url $CONNECTIONS 1 2 $c-${CONNECTIONS}x1") ;;
    *) echo "bench: unknown case '$c' (http https h2 h2c)" >&2; exit 2 ;;
  esac
done

on_core wrk -t1 -c"$CONNECTIONS" -d2s "$HTTPS_URL" >/dev/null   # warm nginx up
for round in $(seq "$ROUNDS"); do
  for i in $(seq 0 $(( ${#RUNS[@]} - 1 ))); do
    entry="${RUNS[$(( (round + i) % ${#RUNS[@]} ))]}"
    label="${entry%%|*}"
    rps="$(${entry#*|})"
    echo "round $round  $label  $rps req/s  (load $(cut -d' ' -f1 /proc/loadavg))" | tee -a "$WORK/results"
  done
done

echo
python3 - "$WORK/results" "$WORK" <<'PY'
import sys, statistics, os
runs = {}
for line in open(sys.argv[1]):
    parts = line.split()
    runs.setdefault(parts[2], {}).setdefault(parts[3], []).append(float(parts[4]))
print(f"{'case':<14} {'peer':<8} {'peer median':>12} {'sload median':>13} {'ratio':>6}  sload runs / peer runs / sload peak RSS (median)")
for case, tools in runs.items():
    peer = next(t for t in tools if t != "sload")
    p, s = statistics.median(tools[peer]), statistics.median(tools["sload"])
    rss_file = os.path.join(sys.argv[2], "rss-" + case)
    rss = statistics.median(int(v) for v in open(rss_file).read().split()) / 1024 if os.path.exists(rss_file) else float("nan")
    print(f"{case:<14} {peer:<8} {p:>12.1f} {s:>13.1f} {s / p:>6.2f}  {sorted(tools['sload'])} / {sorted(tools[peer])} / {rss:.0f} MB")
PY
load_note
